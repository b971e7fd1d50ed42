package dev.fabric.controller.store;

import static dev.fabric.controller.store.StoreFixtures.CSDEF;
import static dev.fabric.controller.store.StoreFixtures.assignments;
import static dev.fabric.controller.store.StoreFixtures.cscfg;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A controller-like process for {@link RestartTest}: embedded ZooKeeper in the directory given,
 * then creates and rescales deployments d0, d1, ... for ever, printing "acked N" once deployment N
 * is acknowledged at version 2. The test kills it with SIGKILL.
 */
public final class CrashWriter {
    public static void main(String[] args) {
        EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(Path.of(args[0]), 0);
        ControllerStore store = ControllerStore.connect(zk.connectString(), Duration.ofSeconds(10));
        for (int i = 0; ; i++) {
            String name = "d" + i;
            store.createDeployment(name, CSDEF, cscfg(1), assignments(name, 1, "host-1"));
            store.replaceConfiguration(name, 1, cscfg(2), assignments(name, 2, "host-1", "host-2"));
            System.out.println("acked " + i);
            System.out.flush();
        }
    }

    private CrashWriter() {
    }
}
