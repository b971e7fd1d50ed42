package dev.fabric.controller.store;

import static dev.fabric.controller.store.StoreFixtures.CSDEF;
import static dev.fabric.controller.store.StoreFixtures.assignments;
import static dev.fabric.controller.store.StoreFixtures.cscfg;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints what the store costs on this machine (embedded server, loopback, fsync on the test's temp
 * directory): start time, create / replace / read latencies, memory. Checks only that every
 * operation did its job; timings are reported, never asserted.
 */
class StoreLatencyReportTest {
    private static final int WARMUP = 50;
    private static final int ROUNDS = 300;

    @TempDir
    Path dir;

    @Test
    void reportLatencies() throws IOException {
        long[] create = new long[ROUNDS];
        long[] replace = new long[ROUNDS];
        long[] read = new long[ROUNDS];
        long[] readAll = new long[ROUNDS];
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir, 0);
             ControllerStore store = ControllerStore.connect(zk.connectString(), Duration.ofSeconds(10))) {
            for (int i = 0; i < WARMUP; i++) {
                store.createDeployment("w" + i, CSDEF, cscfg(4), assignments("w" + i, 4, "host-1", "host-2"));
                store.deployment("w" + i).orElseThrow();
                store.deleteDeployment("w" + i);
            }
            for (int i = 0; i < ROUNDS; i++) {
                String name = "d" + i;
                long t0 = System.nanoTime();
                store.createDeployment(name, CSDEF, cscfg(4), assignments(name, 4, "host-1", "host-2"));
                long t1 = System.nanoTime();
                store.replaceAssignments(name, 1, assignments(name, 4, "host-2", "host-3"));
                long t2 = System.nanoTime();
                StoredDeployment d = store.deployment(name).orElseThrow();
                long t3 = System.nanoTime();
                create[i] = t1 - t0;
                replace[i] = t2 - t1;
                read[i] = t3 - t2;
                assertThat(d.version()).isEqualTo(2);
            }
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                assertThat(store.allAssignments()).hasSize(4 * ROUNDS);
                readAll[i] = System.nanoTime() - t0;
            }
            assertThat(store.generation()).isEqualTo(2L * WARMUP + 2L * ROUNDS);
            System.out.printf("store latency over %d rounds (embedded ZooKeeper, loopback, fsync):%n", ROUNDS);
            System.out.printf("  create deployment (4 assignments, 1 transaction): %s%n", stats(create, ROUNDS));
            System.out.printf("  replace assignments (version check):             %s%n", stats(replace, ROUNDS));
            System.out.printf("  read deployment (3 znodes):                      %s%n", stats(read, ROUNDS));
            System.out.printf("  all assignments of %d deployments:               %s%n", ROUNDS, stats(readAll, 20));
            Runtime rt = Runtime.getRuntime();
            System.out.printf("  heap used %d MiB, process %s%n", (rt.totalMemory() - rt.freeMemory()) >> 20, rss());
        }
    }

    private static String stats(long[] nanos, int n) {
        long[] sorted = Arrays.copyOf(nanos, n);
        Arrays.sort(sorted);
        return String.format("median %.2f ms, p99 %.2f ms, max %.2f ms", sorted[n / 2] / 1e6,
                sorted[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1e6, sorted[n - 1] / 1e6);
    }

    private static String rss() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return "RSS unknown";
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> "RSS " + l.substring(6).trim()).findFirst().orElse("RSS unknown");
    }
}
