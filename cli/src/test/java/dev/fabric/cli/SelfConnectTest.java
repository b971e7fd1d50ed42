package dev.fabric.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * In a namespace whose only ephemeral port is 40000, a connect to 127.0.0.1:40000 always lands on
 * its own source port and "succeeds" (TCP simultaneous open) although nothing listens. The scanner
 * must not report that port open.
 */
class SelfConnectTest {

    private static final String NS = "fabric-scan-test-self";

    @BeforeEach
    void namespace() throws Exception {
        assumeTrue(Commands.isRoot() && Commands.onPath("ip"), "needs root and ip");
        Commands.quietly("ip", "netns", "del", NS);
        Commands.must("ip", "netns", "add", NS);
        Commands.must("ip", "-n", NS, "link", "set", "lo", "up");
        Commands.must("ip", "netns", "exec", NS, "sysctl", "-q", "-w", "net.ipv4.ip_local_port_range=40000 40000");
    }

    @AfterEach
    void remove() {
        Commands.quietly("ip", "netns", "del", NS);
    }

    private static Commands.Result scan(String ports) throws Exception {
        return Commands.run(120, List.of("ip", "netns", "exec", NS,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "scan", "127.0.0.1", "--ports", ports));
    }

    @Test
    void aConnectToItselfIsNotAnOpenPort() throws Exception {
        Commands.Result result = scan("39990-40010");

        assertThat(result.output()).doesNotContain("40000/tcp open")
                .contains("port 40000 of 127.0.0.1 connected to itself 3 times");
        assertThat(result.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
    }

    @Test
    void portsOutsideTheEphemeralRangeScanNormally() throws Exception {
        Commands.Result result = scan("39990-39999,40001-40010");

        assertThat(result.output()).contains("20 ports scanned", "0 open, 20 closed, 0 filtered");
        assertThat(result.exit()).isZero();
    }
}
