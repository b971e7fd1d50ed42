package dev.fabric.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code fabric scan} against real listeners on loopback. */
class ScanCommandTest {

    private ServerSocket first;
    private ServerSocket second;
    private int closedPort;
    private String ports;

    @BeforeEach
    void listen() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        first = new ServerSocket(0, 50, loopback);
        second = new ServerSocket(0, 50, loopback);
        try (ServerSocket gone = new ServerSocket(0, 50, loopback)) {
            closedPort = gone.getLocalPort();
        }
        ports = first.getLocalPort() + "," + second.getLocalPort() + "," + closedPort;
    }

    @AfterEach
    void close() throws IOException {
        first.close();
        second.close();
    }

    @Test
    void printsTheOpenPortsAndASummary() {
        CliRun run = CliRun.of("scan", "127.0.0.1", "--ports", ports);

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains(first.getLocalPort() + "/tcp open", second.getLocalPort() + "/tcp open")
                .doesNotContain(closedPort + "/tcp open")
                .contains("127.0.0.1: 3 ports scanned in ", ": 2 open, 1 closed, 0 filtered");
    }

    @Test
    void exitsZeroWhenTheOpenPortsAreExactlyTheExpectedOnes() {
        CliRun run = CliRun.of("scan", "127.0.0.1", "--ports", ports,
                "--expect", second.getLocalPort() + "," + first.getLocalPort());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("as expected: open ports are exactly");
    }

    @Test
    void expectNoneFailsWhenAnyPortIsOpen() {
        CliRun run = CliRun.of("scan", "127.0.0.1", "--ports", ports, "--expect", "none");

        assertThat(run.exit()).isEqualTo(Main.EXIT_CHECK_FAILED);
        assertThat(run.out()).contains("unexpectedly open: ");
    }

    @Test
    void exitsOneAndNamesAnUnexpectedlyOpenPort() {
        CliRun run = CliRun.of("scan", "127.0.0.1", "--ports", ports, "--expect", String.valueOf(first.getLocalPort()));

        assertThat(run.exit()).isEqualTo(Main.EXIT_CHECK_FAILED);
        assertThat(run.out()).contains("unexpectedly open: " + second.getLocalPort())
                .doesNotContain("expected but not open");
    }

    @Test
    void exitsOneAndNamesAnExpectedPortThatIsNotOpen() {
        CliRun run = CliRun.of("scan", "127.0.0.1", "--ports", ports,
                "--expect", first.getLocalPort() + "," + second.getLocalPort() + "," + closedPort);

        assertThat(run.exit()).isEqualTo(Main.EXIT_CHECK_FAILED);
        assertThat(run.out()).contains("expected but not open: " + closedPort + " (closed)")
                .doesNotContain("unexpectedly open");
    }

    @Test
    void scansIpv6Literals() throws IOException {
        try (ServerSocket v6 = new ServerSocket(0, 50, InetAddress.getByName("::1"))) {
            CliRun run = CliRun.of("scan", "[::1]", "--ports", String.valueOf(v6.getLocalPort()),
                    "--expect", String.valueOf(v6.getLocalPort()));

            assertThat(run.exit()).isZero();
            assertThat(run.out()).contains(v6.getLocalPort() + "/tcp open");
        }
    }

    @Test
    void helpExitsZero() {
        CliRun run = CliRun.of("scan", "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("--expect=LIST", "--timeout=MS", "a name from /etc/hosts");
    }

    @Test
    void badInputExitsTwoWithAMessageAndNoStackTrace() {
        CliRun badList = CliRun.of("scan", "127.0.0.1", "--ports", "22,ssh");
        assertThat(badList.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(badList.err()).contains("bad port list '22,ssh' at column 4: 'ssh' is not a port number")
                .doesNotContain("Exception");

        CliRun badAddress = CliRun.of("scan", "10.0.0.300", "--ports", "80");
        assertThat(badAddress.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(badAddress.err()).contains("'10.0.0.300' is not a valid IPv4 address");

        CliRun unknownName = CliRun.of("scan", "no-such-host-fabric-test", "--ports", "80");
        assertThat(unknownName.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(unknownName.err()).contains("not a name in /etc/hosts");

        CliRun expectOutside = CliRun.of("scan", "127.0.0.1", "--ports", "1-100", "--expect", "80,8080");
        assertThat(expectOutside.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(expectOutside.err()).contains("expected port(s) 8080 are not among the scanned ports 1-100");

        CliRun badConcurrency = CliRun.of("scan", "127.0.0.1", "--concurrency", "0");
        assertThat(badConcurrency.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(badConcurrency.err()).contains("concurrency must be 1-65535");

        CliRun badTimeout = CliRun.of("scan", "127.0.0.1", "--timeout", "soon");
        assertThat(badTimeout.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
    }
}
