package dev.fabric.protocol;

import dev.fabric.protocol.client.Backoff;
import dev.fabric.protocol.client.LinkClient;
import dev.fabric.protocol.client.LinkListener;
import dev.fabric.protocol.server.Admission;
import dev.fabric.protocol.server.AgentLinkHandler;
import dev.fabric.protocol.server.AgentSession;
import dev.fabric.protocol.server.LinkServer;
import dev.fabric.protocol.server.LinkServerSettings;
import dev.fabric.protocol.tls.PeerIdentity;
import dev.fabric.protocol.tls.TlsContexts;
import dev.fabric.protocol.tls.TestPki;
import dev.fabric.protocol.tls.TlsFiles;
import dev.fabric.protocol.v1.DesiredState;
import dev.fabric.protocol.v1.Heartbeat;
import dev.fabric.protocol.v1.HeartbeatAck;
import dev.fabric.protocol.v1.Hello;
import dev.fabric.protocol.v1.InstanceReport;
import dev.fabric.protocol.v1.Refusal;
import dev.fabric.protocol.v1.StatusReport;
import dev.fabric.protocol.v1.Welcome;
import dev.fabric.protocol.v1.InstanceVerify;
import dev.fabric.protocol.v1.VerifyRequest;
import dev.fabric.protocol.v1.VerifyResult;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent link over real TLS 1.3 on 127.0.0.1, with certificates from the real fabric CA. */
class LinkTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static TestPki pki;

    private final BlockingQueue<String> serverEvents = new LinkedBlockingQueue<>();
    private final BlockingQueue<Object> clientEvents = new LinkedBlockingQueue<>();
    private final List<AgentSession> sessions = new CopyOnWriteArrayList<>();
    private final Set<String> inventory = Set.of("host-1", "host-2", "host-x", "host-old");
    private EventLoopGroup group;
    private LinkServer server;
    private LinkClient client;

    @BeforeEach
    void setUp() {
        if (pki == null) {
            pki = TestPki.create(dir);
        }
        group = new NioEventLoopGroup(1);
        server = startServer(0);
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private LinkServer startServer(int port) {
        AgentLinkHandler handler = new AgentLinkHandler() {
            @Override
            public Admission admit(PeerIdentity identity, Hello hello, SocketAddress remote) {
                serverEvents.add("admit " + identity);
                return inventory.contains(identity.commonName())
                        ? Admission.accept(Welcome.newBuilder().setProtocolVersion(1).setHeartbeatIntervalMs(100).setLeaseMs(300).build())
                        : Admission.refuse("host " + identity.commonName() + " is not in the inventory");
            }

            @Override
            public void onAdmitted(AgentSession session) {
                sessions.add(session);
                serverEvents.add("admitted " + session.hostName());
            }

            @Override
            public HeartbeatAck onHeartbeat(AgentSession session, Heartbeat heartbeat) {
                serverEvents.add("heartbeat " + heartbeat.getSequence() + " gen " + heartbeat.getDesiredGeneration());
                return HeartbeatAck.newBuilder().setSequence(heartbeat.getSequence()).setLeaseMs(300).build();
            }

            @Override
            public void onStatus(AgentSession session, StatusReport report) {
                serverEvents.add("status " + report.getInstancesCount());
            }

            @Override
            public void onVerifyResult(AgentSession session, VerifyResult result) {
                serverEvents.add("verified " + result.getRequestId() + " " + result.getDeployment() + " "
                        + result.getInstances(0).getOpen());
            }

            @Override
            public void onClosed(AgentSession session, String reason) {
                serverEvents.add("closed " + session.hostName());
            }
        };
        return LinkServer.start(new InetSocketAddress("127.0.0.1", port), TlsContexts.server(pki.controller()),
                new LinkServerSettings(Duration.ofSeconds(3), Duration.ofSeconds(5), 2), handler);
    }

    private LinkClient client(TlsFiles tls, String name, int version) {
        LinkListener listener = new LinkListener() {
            @Override
            public void onWelcome(long session, Welcome welcome) {
                clientEvents.add(welcome);
            }

            @Override
            public void onRefused(Refusal refusal) {
                clientEvents.add(refusal);
            }

            @Override
            public void onDesiredState(long session, DesiredState state) {
                clientEvents.add(state);
            }

            @Override
            public void onLeaseRenewed(long session, Instant sentAt, HeartbeatAck ack) {
                clientEvents.add(ack);
            }

            @Override
            public void onDisconnected(String reason) {
                clientEvents.add("disconnected: " + reason);
            }

            @Override
            public void onVerifyRequest(long session, VerifyRequest request) {
                clientEvents.add(request);
            }
        };
        client = new LinkClient(group, TlsContexts.client(tls), "127.0.0.1", server.port(),
                () -> Hello.newBuilder().setProtocolVersion(version).setHostName(name).build(),
                hb -> hb.setDesiredGeneration(7), listener,
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), new Random(1)), Clock.systemUTC(), m -> { });
        client.start();
        return client;
    }

    private <T> T next(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Object o = clientEvents.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(o)) {
                return type.cast(o);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within " + WAIT + "; events: " + clientEvents);
    }

    private String serverEvent(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String e = serverEvents.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.startsWith(prefix)) {
                return e;
            }
        }
        throw new AssertionError("no server event '" + prefix + "' within " + WAIT);
    }

    @Test
    void anAgentJoinsBeatsGetsItsDesiredStateAndReports() throws Exception {
        client(pki.host("host-1"), "host-1", 1);
        assertThat(next(Welcome.class).getLeaseMs()).isEqualTo(300);
        assertThat(serverEvent("admit")).isEqualTo("admit CN=host-1, OU=host");
        assertThat(serverEvent("heartbeat 1")).isEqualTo("heartbeat 1 gen 7");
        assertThat(serverEvent("heartbeat 2")).isEqualTo("heartbeat 2 gen 7");
        assertThat(next(HeartbeatAck.class).getLeaseMs()).isEqualTo(300);

        sessions.get(0).push(DesiredState.newBuilder().setGeneration(42).build());
        assertThat(next(DesiredState.class).getGeneration()).isEqualTo(42);
        assertThat(client.send(StatusReport.newBuilder().addInstances(InstanceReport.newBuilder().setDeployment("d")).build())).isTrue();
        assertThat(serverEvent("status")).isEqualTo("status 1");
    }

    @Test
    void aVerifyRequestReachesTheAgentAndItsResultTheController() throws Exception {
        client(pki.host("host-2"), "host-2", 1);
        next(Welcome.class);
        serverEvent("admitted");
        sessions.get(0).verify(VerifyRequest.newBuilder().setRequestId(9).setDeployment("webfarm").setPorts("1-1024").build());
        VerifyRequest got = next(VerifyRequest.class);
        assertThat(got.getRequestId()).isEqualTo(9);
        assertThat(got.getPorts()).isEqualTo("1-1024");
        assertThat(client.send(VerifyResult.newBuilder().setRequestId(9).setDeployment("webfarm")
                .addInstances(InstanceVerify.newBuilder().setRole("WebRole").setOpen("8080")).build())).isTrue();
        assertThat(serverEvent("verified")).isEqualTo("verified 9 webfarm 8080");
    }

    @Test
    void anUnknownProtocolVersionIsRefusedNamingBoth() throws Exception {
        client(pki.host("host-2"), "host-2", 9);
        Refusal r = next(Refusal.class);
        assertThat(r.getReason()).isEqualTo("protocol version 9 is not supported; this controller speaks 1 to 1");
        assertThat(r.getHighestSupportedVersion()).isEqualTo(1);
        assertThat(serverEvents).noneMatch(e -> e.startsWith("admit"));
    }

    @Test
    void aHelloThatIsNotTheCertificatesNameIsRefused() throws Exception {
        client(pki.host("host-x"), "host-1", 1);
        assertThat(next(Refusal.class).getReason()).isEqualTo("Hello names host 'host-1' but the certificate is CN=host-x, OU=host");
    }

    @Test
    void anOperatorCertificateCannotJoinAsAnAgent() throws Exception {
        client(pki.operator("alice"), "alice", 1);
        assertThat(next(Refusal.class).getReason()).startsWith("certificate CN=alice, OU=operator is not a host's");
    }

    @Test
    void aHostNotInTheInventoryIsRefusedWithTheControllersReason() throws Exception {
        client(pki.host("host-9"), "host-9", 1);
        assertThat(next(Refusal.class).getReason()).isEqualTo("host host-9 is not in the inventory");
        assertThat(sessions).isEmpty();
    }

    @Test
    void aForeignOrExpiredCertificateFailsTheHandshakeAndTheControllerHearsNothing() throws Exception {
        client(pki.foreignHost("host-1"), "host-1", 1);
        assertThat(next(String.class)).startsWith("disconnected: ");
        client.close();
        client(pki.expiredHost("host-old"), "host-old", 1);
        assertThat(next(String.class)).startsWith("disconnected: ");
        Thread.sleep(300); // let a wrongly admitted session show up, if there were one
        assertThat(serverEvents).noneMatch(e -> e.startsWith("admit"));
    }

    @Test
    void theAgentReconnectsByItselfWhenTheControllerComesBack() throws Exception {
        client(pki.host("host-1"), "host-1", 1);
        next(Welcome.class);
        int port = server.port();
        server.close();
        assertThat(next(String.class)).startsWith("disconnected");
        server = startServer(port);
        assertThat(next(Welcome.class)).isNotNull();
        assertThat(serverEvent("admitted")).isEqualTo("admitted host-1");
    }

    @Test
    void plainTcpAndHttpGetNoApplicationDataAndAreClosed() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String got = readAll(s.getInputStream());
            assertThat(got).doesNotContain("HTTP").doesNotContain("Welcome");
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            s.setSoTimeout(10_000);
            assertThat(readAll(s.getInputStream())).as("silent client is closed after the handshake timeout").isEmpty();
        }
    }

    @Test
    void openSslWithoutAClientCertificateGetsNothingAfterTheHandshake() throws Exception {
        Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + server.port(), "-tls1_3",
                "-CAfile", pki.controller().caCertificate().toString(), "-quiet").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write("hello\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException refusedEarly) {
            // openssl may have ended already (the server refused the handshake): what it printed is the answer
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("openssl ends: the controller closes the connection").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).containsIgnoringCase("alert").doesNotContain("Welcome");
        assertThat(serverEvents).noneMatch(e -> e.startsWith("admit"));
    }

    @Test
    void aFrameLongerThanTheLimitClosesTheSession() throws Exception {
        client(pki.host("host-1"), "host-1", 1);
        next(Welcome.class);
        // the framing decoder refuses a declared length above the limit before reading it
        assertThat(dev.fabric.protocol.frame.Framing.MAX_FRAME).isEqualTo(16 * 1024 * 1024);
        io.netty.channel.embedded.EmbeddedChannel ch = new io.netty.channel.embedded.EmbeddedChannel();
        dev.fabric.protocol.frame.Framing.addTo(ch.pipeline());
        io.netty.buffer.ByteBuf huge = io.netty.buffer.Unpooled.buffer().writeInt(dev.fabric.protocol.frame.Framing.MAX_FRAME + 1)
                .writeBytes(new byte[16]);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ch.writeInbound(huge))
                .isInstanceOf(io.netty.handler.codec.TooLongFrameException.class);
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                b.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection was not closed within 10 s", e);
        } catch (IOException e) {
            // reset by the server: also closed
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
