package dev.fabric.controller.store;

import static dev.fabric.controller.store.StoreFixtures.CSDEF;
import static dev.fabric.controller.store.StoreFixtures.assignments;
import static dev.fabric.controller.store.StoreFixtures.cscfg;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two stores (two sessions, like two controllers) and several threads changing the same deployment. */
class ConcurrentWritersTest {
    @TempDir
    Path dir;

    @Test
    void readModifyWriteLoopsNeverLoseAnUpdateAndGenerationsAreUnique() throws Exception {
        int threads = 6;
        int updatesPerThread = 15;
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir, 0);
             ControllerStore a = ControllerStore.connect(zk.connectString(), Duration.ofSeconds(10));
             ControllerStore b = ControllerStore.connect(zk.connectString(), Duration.ofSeconds(10))) {
            a.createDeployment("web", CSDEF, cscfg(2), assignments("web", 2, "host-0"));
            Set<Long> generations = ConcurrentHashMap.newKeySet();
            AtomicInteger conflicts = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                ControllerStore store = t % 2 == 0 ? a : b;
                String host = "host-" + (t + 1);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < updatesPerThread; i++) {
                        while (true) {
                            long version = store.deployment("web").orElseThrow().version();
                            try {
                                generations.add(store.replaceAssignments("web", version, assignments("web", 2, host)).generation());
                                break;
                            } catch (StaleVersionException e) {
                                conflicts.incrementAndGet(); // someone else won this version: read again
                            }
                        }
                        // unrelated deployments advance the same generation at the same time
                        store.createDeployment("x-" + host + "-" + i, CSDEF, cscfg(1), assignments("x-" + host + "-" + i, 1, host));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            int updates = threads * updatesPerThread;
            assertThat(a.deployment("web").orElseThrow().version()).isEqualTo(1 + updates);
            assertThat(generations).hasSize(updates);
            assertThat(b.generation()).isEqualTo(1 + 2L * updates);
            assertThat(b.deploymentNames()).hasSize(1 + updates);
            System.out.printf("%d updates of one deployment from %d threads on 2 sessions: %d version conflicts retried%n",
                    updates, threads, conflicts.get());
        }
    }
}
