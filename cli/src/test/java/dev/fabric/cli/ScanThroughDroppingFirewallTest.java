package dev.fabric.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code fabric scan} from one network namespace against another whose nftables input chain drops
 * everything except port 8080 (a listener behind an allow rule) and rejects 7070 with a reset. A
 * second listener on 9090 sits behind the drop: it must come back filtered, not open.
 */
class ScanThroughDroppingFirewallTest {

    private static final String SCANNER = "fabric-scan-test-a";
    private static final String TARGET = "fabric-scan-test-b";
    private static final String TARGET_ADDRESS = "10.213.254.6";
    private static final String RULES = """
            table inet fabric_scan_test {
              chain input {
                type filter hook input priority 0; policy drop;
                iif lo accept
                tcp dport 8080 accept
                tcp dport 7070 reject with tcp reset
              }
            }
            """;

    private static final List<Process> listeners = new ArrayList<>();

    @BeforeAll
    static void buildNamespaces() throws Exception {
        assumeTrue(Commands.isRoot(), "needs root to create network namespaces");
        assumeTrue(Commands.onPath("ip") && Commands.onPath("nft") && Commands.onPath("busybox"),
                "needs ip, nft and busybox");
        removeNamespaces(); // leftovers of an earlier run that was killed
        Commands.must("ip", "netns", "add", SCANNER);
        Commands.must("ip", "netns", "add", TARGET);
        Commands.must("ip", "-n", SCANNER, "link", "add", "fsc-ta", "type", "veth", "peer", "name", "fsc-tb", "netns", TARGET);
        Commands.must("ip", "-n", SCANNER, "addr", "add", "10.213.254.5/30", "dev", "fsc-ta");
        Commands.must("ip", "-n", TARGET, "addr", "add", TARGET_ADDRESS + "/30", "dev", "fsc-tb");
        for (String[] link : new String[][] {{SCANNER, "fsc-ta"}, {SCANNER, "lo"}, {TARGET, "fsc-tb"}, {TARGET, "lo"}}) {
            Commands.must("ip", "-n", link[0], "link", "set", link[1], "up");
        }
        Process nft = new ProcessBuilder("ip", "netns", "exec", TARGET, "nft", "-f", "-").redirectErrorStream(true).start();
        nft.getOutputStream().write(RULES.getBytes());
        nft.getOutputStream().close();
        assertThat(nft.waitFor(30, TimeUnit.SECONDS) && nft.exitValue() == 0)
                .as("nft -f in %s: %s", TARGET, new String(nft.getInputStream().readAllBytes())).isTrue();
        for (int port : new int[] {8080, 9090}) {
            listeners.add(new ProcessBuilder("ip", "netns", "exec", TARGET, "busybox", "nc", "-ll", "-p", String.valueOf(port),
                    "-e", "/bin/cat").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        awaitListening(8080, 9090);
    }

    @AfterAll
    static void removeEverything() {
        for (Process listener : listeners) {
            listener.destroyForcibly();
        }
        removeNamespaces();
    }

    private static void removeNamespaces() {
        for (String ns : List.of(SCANNER, TARGET)) {
            try {
                for (String pid : Commands.must("ip", "netns", "pids", ns).split("\\s+")) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            } catch (Exception noSuchNamespace) {
                // nothing runs there
            }
            Commands.quietly("ip", "netns", "del", ns);
        }
    }

    private static void awaitListening(int... ports) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            String table = Commands.must("ip", "netns", "exec", TARGET, "cat", "/proc/net/tcp", "/proc/net/tcp6");
            boolean all = true;
            for (int port : ports) {
                all &= table.lines().anyMatch(line -> line.contains(String.format(":%04X ", port)) && line.contains(" 0A "));
            }
            if (all) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("listeners in " + TARGET + " did not come up:\n" + table);
            }
            Thread.sleep(50);
        }
    }

    /** Runs the command line in the scanner namespace: the same classes, a fresh JVM there. */
    private static Commands.Result scanFromNamespace(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", SCANNER,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "scan"));
        command.addAll(List.of(args));
        return Commands.run(180, command);
    }

    @Test
    void fullScanFindsTheAllowedListenerAndReportsDroppedPortsFiltered() throws Exception {
        Commands.Result scan = scanFromNamespace(TARGET_ADDRESS, "--expect", "8080");

        assertThat(scan.output()).contains("8080/tcp open")
                .doesNotContain("9090/tcp open")
                .contains(TARGET_ADDRESS + ": 65535 ports scanned in ", ": 1 open, 1 closed, 65533 filtered")
                .contains("as expected: open ports are exactly 8080");
        assertThat(scan.exit()).as(scan.output()).isZero();
    }

    @Test
    void aListenerBehindTheDropIsReportedAsExpectedButFiltered() throws Exception {
        Commands.Result scan = scanFromNamespace(TARGET_ADDRESS, "--ports", "7000-9999", "--expect", "7070,8080,9090");

        assertThat(scan.output()).contains("expected but not open: 7070 (closed), 9090 (filtered)")
                .contains(": 1 open, 1 closed, 2998 filtered")
                .doesNotContain("unexpectedly open");
        assertThat(scan.exit()).as(scan.output()).isEqualTo(Main.EXIT_CHECK_FAILED);
    }
}
