package dev.fabric.controller.store;

import static dev.fabric.controller.store.StoreFixtures.CSDEF;
import static dev.fabric.controller.store.StoreFixtures.assignments;
import static dev.fabric.controller.store.StoreFixtures.cscfg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What was acknowledged survives: a clean restart, a server stopped under a live client, a killed process. */
class RestartTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private record Snapshot(List<StoredDeployment> deployments, List<HostRecord> hosts, long generation) {
        static Snapshot of(ControllerStore store) {
            return new Snapshot(store.deployments(), store.hosts(), store.generation());
        }
    }

    private static void fill(ControllerStore store) {
        store.createDeployment("web", CSDEF, cscfg(3), assignments("web", 3, "host-1", "host-2"));
        store.createDeployment("api", CSDEF, cscfg(1), assignments("api", 1, "host-2"));
        store.replaceAssignments("web", 1, assignments("web", 3, "host-2"));
        store.replaceConfiguration("api", 1, cscfg(2), assignments("api", 2, "host-1"));
        store.createDeployment("gone", CSDEF, cscfg(1), assignments("gone", 1, "host-1"));
        store.deleteDeployment("gone");
        store.putHost(new HostRecord("host-1", 4, 8192, List.of("kvm"), "down", 1_700_000_000_123L));
        store.putHost(new HostRecord("host-2", 8, 16384, List.of("kvm", "qemu"), "up", 1_700_000_000_456L));
    }

    @Test
    void aCleanRestartOnTheSameDirectoryKeepsEverythingWithTheSameVersionsAndGeneration() {
        Snapshot before;
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir, 0);
             ControllerStore store = ControllerStore.connect(zk.connectString(), TIMEOUT)) {
            fill(store);
            before = Snapshot.of(store);
        }
        assertThat(before.generation()).isEqualTo(6);
        assertThat(before.deployments()).extracting(StoredDeployment::version).containsExactly(2L, 2L);

        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir, 0);
             ControllerStore store = ControllerStore.connect(zk.connectString(), TIMEOUT)) {
            System.out.printf("embedded ZooKeeper restarted on existing data in %d ms%n", zk.startupTime().toMillis());
            assertThat(Snapshot.of(store)).isEqualTo(before);
            assertThat(store.replaceAssignments("web", 2, assignments("web", 3, "host-1")).generation()).isEqualTo(7);
        }
    }

    @Test
    void stoppingTheServerUnderALiveClientLosesNothingAcknowledgedAndTheClientCarriesOnWhenItIsBack() {
        EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir, 0);
        int port = zk.port();
        try (ControllerStore store = ControllerStore.connect(zk.connectString(), Duration.ofSeconds(1))) {
            fill(store);
            Snapshot before = Snapshot.of(store);
            zk.close(); // the client is not told

            assertThatThrownBy(() -> store.createDeployment("late", CSDEF, cscfg(1), assignments("late", 1, "host-1")))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("lost ZooKeeper at 127.0.0.1:" + port);

            zk = EmbeddedZooKeeper.start(dir, port); // same port: the old client finds it again
            try (ControllerStore fresh = ControllerStore.connect(zk.connectString(), TIMEOUT)) {
                assertThat(Snapshot.of(fresh)).isEqualTo(before);
            }
            assertThat(Snapshot.of(store)).isEqualTo(before); // a late, unacknowledged create did not happen
            store.createDeployment("late", CSDEF, cscfg(1), assignments("late", 1, "host-1"));
            assertThat(store.generation()).isEqualTo(before.generation() + 1);
        } finally {
            zk.close();
        }
    }

    @Test
    void aKilledControllerProcessLosesNoAcknowledgedWrite() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=logback-test.xml", CrashWriter.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int acknowledged = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("acked ")) {
                    acknowledged = Integer.parseInt(line.substring(6));
                    if (acknowledged >= 40) {
                        child.destroyForcibly(); // SIGKILL, in the middle of the next write
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).isGreaterThanOrEqualTo(40);

        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir, 0); // the dead process's lock is gone with it
             ControllerStore store = ControllerStore.connect(zk.connectString(), TIMEOUT)) {
            for (int i = 0; i <= acknowledged; i++) {
                String name = "d" + i;
                assertThat(store.deployment(name)).as(name).hasValueSatisfying(d -> {
                    assertThat(d.assignments()).hasSize(2);
                    assertThat(d.version()).isEqualTo(2);
                });
            }
            // every deployment that exists is complete (a torn one would throw here)
            assertThat(store.deployments()).hasSizeGreaterThanOrEqualTo(acknowledged + 1);
            assertThat(store.generation()).isGreaterThanOrEqualTo(2L * (acknowledged + 1));
        }
    }
}
