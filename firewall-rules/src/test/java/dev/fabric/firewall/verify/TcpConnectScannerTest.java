package dev.fabric.firewall.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real listeners on loopback, real connects. */
class TcpConnectScannerTest {

    private final List<ServerSocket> listeners = new ArrayList<>();

    @AfterEach
    void closeListeners() throws IOException {
        for (ServerSocket listener : listeners) {
            listener.close();
        }
    }

    private int listen(InetAddress address) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(address, 0));
        listeners.add(socket);
        return socket.getLocalPort();
    }

    @Test
    void findsExactlyTheListeningPortsInARangeOnIpv4Loopback() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        List<Integer> ours = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ours.add(listen(loopback));
        }
        int low = ours.stream().min(Integer::compare).orElseThrow() - 300;
        int high = ours.stream().max(Integer::compare).orElseThrow() + 300;
        PortSet range = PortSet.range(Math.max(1, low), Math.min(65535, high));

        ScanResult result = new TcpConnectScanner(new ScanOptions(Duration.ofSeconds(3), 512)).scan(loopback, range);

        // Other processes on this machine may listen in the range too: the kernel's own table says which.
        assertThat(result.open().minus(ListeningPorts.anywhere()).toString()).as("open but nothing listens").isEmpty();
        assertThat(PortSet.of(range.stream().filter(ListeningPorts.onIpv4Loopback()::contains).boxed().toList())
                .minus(result.open()).toString()).as("listening but not found").isEmpty();
        assertThat(result.open().toArray()).contains(ours.stream().mapToInt(Integer::intValue).toArray());
        assertThat(result.closedCount()).isEqualTo(range.size() - result.openCount());
        assertThat(result.filteredCount()).isZero();
        assertThat(result.stateOf(ours.get(0))).isEqualTo(PortState.OPEN);
    }

    @Test
    void aFullScanOfLoopbackReportsNoPortThatNothingListensOn() throws IOException {
        // Covers the ephemeral port range, where a connect can land on its own source port.
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        int ours = listen(loopback);
        PortSet before = ListeningPorts.anywhere();
        PortSet mustAnswerBefore = ListeningPorts.onIpv4Loopback();

        ScanResult result = new TcpConnectScanner(ScanOptions.defaults()).scan(loopback, PortSet.range(1, 65535));

        PortSet after = ListeningPorts.anywhere();
        PortSet mustAnswerAfter = ListeningPorts.onIpv4Loopback();
        assertThat(result.open().contains(ours)).isTrue();
        // Listeners of other processes may come or go during the scan; count only what held throughout.
        assertThat(result.open().minus(before).minus(after).toString()).as("open although nothing listened").isEmpty();
        PortSet throughout = mustAnswerBefore.minus(mustAnswerBefore.minus(mustAnswerAfter));
        assertThat(throughout.minus(result.open()).toString()).as("listening throughout but not found").isEmpty();
        assertThat(result.filteredCount()).isZero();
    }

    @Test
    void findsAListenerOnIpv6Loopback() throws IOException {
        InetAddress loopback = InetAddress.getByName("::1");
        int port = listen(loopback);
        PortSet range = PortSet.range(Math.max(1, port - 50), Math.min(65535, port + 50));

        ScanResult result = new TcpConnectScanner(ScanOptions.defaults()).scan(loopback, range);

        assertThat(result.open().contains(port)).isTrue();
        assertThat(result.openCount() + result.closedCount()).isEqualTo(range.size());
    }

    @Test
    void aClosedListenerIsNoLongerFound() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        int port = listen(loopback);
        listeners.remove(0).close();

        ScanResult result = new TcpConnectScanner(ScanOptions.defaults()).scan(loopback, PortSet.of(port));

        assertThat(result.stateOf(port)).isEqualTo(PortState.CLOSED);
    }

    @Test
    void oneAttemptInFlightStillScansEveryPort() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        int port = listen(loopback);
        PortSet range = PortSet.range(Math.max(1, port - 20), Math.min(65535, port + 20));

        ScanResult result = new TcpConnectScanner(new ScanOptions(Duration.ofSeconds(3), 1)).scan(loopback, range);

        assertThat(result.open().contains(port)).isTrue();
        assertThat(result.concurrency()).isEqualTo(1);
        assertThat(result.openCount() + result.closedCount()).isEqualTo(range.size());
    }
}
