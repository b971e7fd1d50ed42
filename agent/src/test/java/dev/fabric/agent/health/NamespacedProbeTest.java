package dev.fabric.agent.health;

import dev.fabric.nativelib.libc.NetnsThread;
import dev.fabric.servicedef.model.HealthProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Probing guests that live in another network namespace than the agent (the lab's bridge is in
 * fabric-lab): sockets made through {@link SocketSource#in} connect inside that namespace. Uses a
 * throwaway namespace {@code fabric-health-PID} with loopback up and a veth pair: 192.0.2.77 is reached
 * through one end and silently dropped by the other (no address there), like a hung guest.
 */
class NamespacedProbeTest {
    static final String NS = "fabric-health-" + ProcessHandle.current().pid();
    static NetnsThread netns;
    static ExecutorService pool;

    static void ip(String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (p.exitValue() != 0 && !args[2].equals("del")) {
            throw new IllegalStateException(String.join(" ", args) + ": " + out);
        }
    }

    @BeforeAll
    static void createNamespace() throws Exception {
        ip("ip", "netns", "del", NS);
        ip("ip", "netns", "add", NS);
        ip("ip", "-n", NS, "link", "set", "lo", "up");
        ip("ip", "-n", NS, "link", "add", "hprobe0", "type", "veth", "peer", "name", "hsilent0");
        ip("ip", "-n", NS, "addr", "add", "192.0.2.1/24", "dev", "hprobe0");
        ip("ip", "-n", NS, "link", "set", "hprobe0", "up");
        ip("ip", "-n", NS, "link", "set", "hsilent0", "up");
        // A fixed neighbour, so frames leave at once (no ARP) and the peer, with no address, drops them.
        ip("ip", "-n", NS, "neigh", "add", "192.0.2.77", "lladdr", "52:54:00:00:02:4d", "dev", "hprobe0");
        netns = NetnsThread.join(NS);
        pool = Executors.newFixedThreadPool(4);
    }

    @AfterAll
    static void removeNamespace() throws Exception {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (netns != null) {
            netns.close();
        }
        ip("ip", "netns", "del", NS);
    }

    static HealthProbe tcp(int port) {
        return new HealthProbe(HealthProbe.Protocol.TCP, port, "/", Duration.ofSeconds(15), Duration.ofSeconds(31), "test");
    }

    @Test
    void aListenerInsideTheNamespaceIsReachedOnlyThroughItsSockets() throws Exception {
        ServerSocketChannel listener = netns.call(() -> ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        try {
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            InstanceProber inside = new InstanceProber(SocketSource.in(netns), pool, Clock.systemUTC());
            InstanceProber host = new InstanceProber(SocketSource.host(), pool, Clock.systemUTC());

            assertThat(inside.probe(InetAddress.getLoopbackAddress(), tcp(port), Duration.ofSeconds(5)).ok()).isTrue();
            // The same address and port from the agent's own namespace is another machine's loopback.
            assertThat(host.probe(InetAddress.getLoopbackAddress(), tcp(port), Duration.ofSeconds(5)).ok()).isFalse();
        } finally {
            listener.close();
        }
    }

    @Test
    void anAddressThatNeverAnswersTimesOutWithinTheDeadline() throws Exception {
        InstanceProber inside = new InstanceProber(SocketSource.in(netns), pool, Clock.systemUTC());
        long start = System.nanoTime();

        ProbeOutcome o = inside.probe(InetAddress.getByName("192.0.2.77"), tcp(8080), Duration.ofSeconds(1));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(o.ok()).isFalse();
        assertThat(o.detail()).isEqualTo("no answer within 1 s");
        assertThat(tookMs).isBetween(900L, 10_000L);
    }
}
