package dev.fabric.agent.health;

import com.sun.net.httpserver.HttpServer;
import dev.fabric.servicedef.model.HealthProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The prober against real listeners on loopback. Deadlines are short, the asserted bounds generous. */
class InstanceProberTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static ExecutorService pool;
    static InstanceProber prober;

    @BeforeAll
    static void start() {
        pool = Executors.newFixedThreadPool(8);
        prober = new InstanceProber(SocketSource.host(), pool, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    static HealthProbe tcp(int port) {
        return new HealthProbe(HealthProbe.Protocol.TCP, port, "/", Duration.ofSeconds(15), Duration.ofSeconds(31), "test");
    }

    static HealthProbe http(int port, String path) {
        return new HealthProbe(HealthProbe.Protocol.HTTP, port, path, Duration.ofSeconds(15), Duration.ofSeconds(31), "test");
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    @Test
    void tcpConnectToAListeningPortSucceeds() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 50, LOOPBACK)) {
            ProbeOutcome o = prober.probe(LOOPBACK, tcp(listener.getLocalPort()), Duration.ofSeconds(5));

            assertThat(o.ok()).isTrue();
            assertThat(o.detail()).isEqualTo("ok");
        }
    }

    @Test
    void tcpConnectToAClosedPortIsRefused() throws IOException {
        ProbeOutcome o = prober.probe(LOOPBACK, tcp(closedPort()), Duration.ofSeconds(5));

        assertThat(o.ok()).isFalse();
        assertThat(o.detail()).isEqualTo("connection refused");
    }

    @Test
    void tcpConnectToAListenerWhoseBacklogIsFullTimesOut() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, LOOPBACK)) {
            List<Socket> fillers = new ArrayList<>();
            try {
                // Never accepted: the accept queue fills and the kernel drops further SYNs, as a hung host would.
                for (int i = 0; i < 4; i++) {
                    Socket s = new Socket();
                    fillers.add(s);
                    try {
                        s.connect(new InetSocketAddress(LOOPBACK, listener.getLocalPort()), 300);
                    } catch (IOException full) {
                        break;
                    }
                }
                long start = System.nanoTime();
                ProbeOutcome o = prober.probe(LOOPBACK, tcp(listener.getLocalPort()), Duration.ofMillis(700));
                long tookMs = (System.nanoTime() - start) / 1_000_000;

                assertThat(o.ok()).isFalse();
                assertThat(o.detail()).isEqualTo("no answer within 700 ms");
                assertThat(tookMs).isBetween(600L, 10_000L);
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void httpGetExpects200OnThePath() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 50);
        server.createContext("/healthz", ex -> {
            ex.sendResponseHeaders(200, 2);
            ex.getResponseBody().write("ok".getBytes());
            ex.close();
        });
        server.createContext("/broken", ex -> {
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();

            assertThat(prober.probe(LOOPBACK, http(port, "/healthz"), Duration.ofSeconds(5)))
                    .extracting(ProbeOutcome::ok, ProbeOutcome::detail).containsExactly(true, "ok");
            assertThat(prober.probe(LOOPBACK, http(port, "/broken"), Duration.ofSeconds(5)))
                    .extracting(ProbeOutcome::ok, ProbeOutcome::detail).containsExactly(false, "HTTP 500 Internal Server Error");
            assertThat(prober.probe(LOOPBACK, http(port, "/nothing-here"), Duration.ofSeconds(5)))
                    .extracting(ProbeOutcome::ok, ProbeOutcome::detail).containsExactly(false, "HTTP 404 Not Found");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void httpToAPortThatAcceptsButNeverAnswersTimesOut() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, LOOPBACK)) {
            long start = System.nanoTime();
            ProbeOutcome o = prober.probe(LOOPBACK, http(silent.getLocalPort(), "/"), Duration.ofMillis(800));
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(o.ok()).isFalse();
            assertThat(o.detail()).isEqualTo("no answer within 800 ms");
            assertThat(tookMs).isBetween(700L, 10_000L);
        }
    }

    @Test
    void httpToSomethingThatIsNotHttpFails() throws Exception {
        try (ServerSocket notHttp = new ServerSocket(0, 50, LOOPBACK)) {
            CompletableFuture<Void> answer = CompletableFuture.runAsync(() -> {
                try (Socket s = notHttp.accept()) {
                    s.getOutputStream().write("SSH-2.0-OpenSSH_9.2\r\n".getBytes());
                } catch (IOException ignored) {
                    // the probe's side is what is asserted
                }
            });
            ProbeOutcome o = prober.probe(LOOPBACK, http(notHttp.getLocalPort(), "/"), Duration.ofSeconds(5));
            answer.get(10, TimeUnit.SECONDS);

            assertThat(o.ok()).isFalse();
            assertThat(o.detail()).isEqualTo("not an HTTP answer: \"SSH-2.0-OpenSSH_9.2\"");
        }
    }

    @Test
    void manyProbesRunConcurrentlyOnThePool() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, LOOPBACK)) {
            long start = System.nanoTime();
            List<CompletableFuture<ProbeOutcome>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(prober.probeAsync(LOOPBACK, http(silent.getLocalPort(), "/"), Duration.ofSeconds(1)));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(all).allSatisfy(f -> assertThat(f.join().detail()).isEqualTo("no answer within 1 s"));
            assertThat(tookMs).as("8 one-second probes on 8 threads").isLessThan(6_000L);
        }
    }
}
