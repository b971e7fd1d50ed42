package dev.fabric.controller.service;

import dev.fabric.controller.api.InstanceView;
import dev.fabric.controller.api.VerifyOptions;
import dev.fabric.controller.api.VerifyView.HostVerifyView;
import dev.fabric.controller.api.VerifyView.InstanceVerifyView;
import dev.fabric.pki.CertificateAuthority;
import dev.fabric.pki.CredentialKind;
import dev.fabric.protocol.LinkVersion;
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
import dev.fabric.protocol.tls.TlsFiles;
import dev.fabric.protocol.v1.DesiredState;
import dev.fabric.protocol.v1.Heartbeat;
import dev.fabric.protocol.v1.HeartbeatAck;
import dev.fabric.protocol.v1.Hello;
import dev.fabric.protocol.v1.InstanceVerify;
import dev.fabric.protocol.v1.Refusal;
import dev.fabric.protocol.v1.StatusReport;
import dev.fabric.protocol.v1.VerifyRequest;
import dev.fabric.protocol.v1.VerifyResult;
import dev.fabric.protocol.v1.Welcome;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The controller's fan-out of verify requests (0690) over the real link: a LinkServer and agents on real
 * mutual TLS on 127.0.0.1. One agent answers, one stays silent, one is not connected, one drops its
 * connection while asked; every host is in the answer, none is skipped, and the wait is bounded.
 */
class VerificationsTest {
    static final Duration BASE = Duration.ofSeconds(2);
    static final Duration PER_INSTANCE = Duration.ofSeconds(1);

    @TempDir
    Path tmp;
    private CertificateAuthority ca;
    private EventLoopGroup group;
    private LinkServer server;
    private Verifications verifications;
    private final Map<String, AgentSession> sessions = new ConcurrentHashMap<>();
    private final List<LinkClient> clients = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Duration year = Duration.ofDays(365);
        ca = CertificateAuthority.init(tmp.resolve("pki"), "test", year, Clock.systemUTC());
        ca.issue(CredentialKind.CONTROLLER, null, List.of("127.0.0.1"), year, Clock.systemUTC());
        for (String h : List.of("host-1", "host-2", "host-3", "host-4")) {
            ca.issue(CredentialKind.HOST, h, List.of(), year, Clock.systemUTC());
        }
        verifications = new Verifications(h -> Optional.ofNullable(sessions.get(h)).filter(AgentSession::isOpen), BASE, PER_INSTANCE);
        Path pki = ca.directory();
        server = LinkServer.start(new InetSocketAddress("127.0.0.1", 0), TlsContexts.server(TlsFiles.controller(pki)), LinkServerSettings.DEFAULT, new AgentLinkHandler() {
            @Override
            public Admission admit(PeerIdentity identity, Hello hello, SocketAddress remote) {
                return Admission.accept(Welcome.newBuilder().setProtocolVersion(LinkVersion.CURRENT).setHeartbeatIntervalMs(200)
                        .setLeaseMs(600).build());
            }

            @Override
            public void onAdmitted(AgentSession session) {
                sessions.put(session.hostName(), session);
            }

            @Override
            public HeartbeatAck onHeartbeat(AgentSession session, Heartbeat heartbeat) {
                return HeartbeatAck.newBuilder().setSequence(heartbeat.getSequence()).setLeaseMs(600).build();
            }

            @Override
            public void onStatus(AgentSession session, StatusReport report) {
            }

            @Override
            public void onVerifyResult(AgentSession session, VerifyResult result) {
                verifications.onResult(session, result);
            }

            @Override
            public void onClosed(AgentSession session, String reason) {
                sessions.remove(session.hostName(), session);
                verifications.onClosed(session, reason);
            }
        });
        group = new NioEventLoopGroup(1);
    }

    @AfterEach
    void tearDown() {
        clients.forEach(LinkClient::close);
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** An agent that answers verify requests with {@code answer} (null: stays silent); returns its client. */
    private LinkClient agent(String name, Function<VerifyRequest, VerifyResult> answer) {
        Path pki = ca.directory();
        LinkClient[] self = new LinkClient[1];
        LinkListener listener = new LinkListener() {
            @Override
            public void onWelcome(long session, Welcome welcome) {
            }

            @Override
            public void onRefused(Refusal refusal) {
            }

            @Override
            public void onDesiredState(long session, DesiredState state) {
            }

            @Override
            public void onLeaseRenewed(long session, Instant sentAt, HeartbeatAck ack) {
            }

            @Override
            public void onDisconnected(String reason) {
            }

            @Override
            public void onVerifyRequest(long session, VerifyRequest request) {
                if (answer != null) {
                    self[0].send(answer.apply(request));
                }
            }
        };
        self[0] = new LinkClient(group, TlsContexts.client(TlsFiles.host(pki, name)), "127.0.0.1", server.port(),
                () -> Hello.newBuilder().setProtocolVersion(LinkVersion.CURRENT).setHostName(name).build(), hb -> { }, listener,
                new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(30), new Random(1)), Clock.systemUTC(), m -> { });
        clients.add(self[0]);
        self[0].start();
        return self[0];
    }

    private static InstanceView placed(String role, int index, String host, String address) {
        return new InstanceView("webfarm", role, index, "webfarm." + role + "." + index, host, address, "running", "serving", "");
    }

    private static VerifyResult web0Answer(VerifyRequest r) {
        return VerifyResult.newBuilder().setRequestId(r.getRequestId()).setDeployment(r.getDeployment()).setBridge("fabbr0")
                .setProbeAddress("10.213.1.254").setExternalAddress("10.214.0.11").setPorts(r.getPorts())
                .addInstances(InstanceVerify.newBuilder().setRole("WebRole").setIndex(0).setAddress("10.213.1.10").setState("running")
                        .setExpected("8080").setOpen("8080"))
                .build();
    }

    @Test
    void everyHostIsAskedAndEveryHostIsInTheAnswerAnsweredSilentOrAway() {
        agent("host-1", VerificationsTest::web0Answer);
        agent("host-2", null);
        await().atMost(Duration.ofSeconds(20)).until(() -> sessions.size() == 2);

        long started = System.nanoTime();
        List<HostVerifyView> r = verifications.run("webfarm", Map.of(
                "host-1", List.of(placed("WebRole", 0, "host-1", "10.213.1.10")),
                "host-2", List.of(placed("WebRole", 1, "host-2", "10.213.2.10"), placed("WorkerRole", 0, "host-2", "10.213.2.11")),
                "host-3", List.of(placed("WorkerRole", 1, "host-3", "10.213.3.10"))), new VerifyOptions("1-1024", 500));
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(r).extracting(HostVerifyView::host, HostVerifyView::outcome, HostVerifyView::detail).containsExactly(
                tuple("host-1", "verified", ""),
                tuple("host-2", "no-answer", "host host-2 did not answer within 3 s"),
                tuple("host-3", "not-connected", "host host-3 is not connected to the controller"));
        assertThat(r.get(0).instances()).extracting(InstanceVerifyView::instanceId, InstanceVerifyView::expected,
                InstanceVerifyView::open, InstanceVerifyView::ok).containsExactly(tuple("webfarm.WebRole.0", "8080", "8080", true));
        assertThat(r.get(0).probeAddress()).isEqualTo("10.213.1.254");
        assertThat(r.get(0).ok()).isTrue();
        assertThat(r.get(1).ok()).isFalse();
        assertThat(tookMs).as("waits for host-2 its base + one instance, then gives up").isBetween(2_900L, 10_000L);
    }

    @Test
    void aPlacedInstanceTheAgentDidNotCheckIsADifferenceAndALostConnectionEndsTheWait() {
        agent("host-1", VerificationsTest::web0Answer);
        LinkClient[] dropping = new LinkClient[1];
        dropping[0] = agent("host-4", request -> {
            new Thread(() -> dropping[0].close()).start(); // the agent goes away instead of answering
            return VerifyResult.getDefaultInstance().toBuilder().setRequestId(-1).build();
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> sessions.size() == 2);

        long started = System.nanoTime();
        List<HostVerifyView> r = verifications.run("webfarm", Map.of(
                "host-1", List.of(placed("WebRole", 0, "host-1", "10.213.1.10"), placed("WebRole", 2, "host-1", "10.213.1.12")),
                "host-4", List.of(placed("WorkerRole", 0, "host-4", "10.213.4.10"))), VerifyOptions.DEFAULT);
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(r.get(0).instances()).extracting(InstanceVerifyView::instanceId, InstanceVerifyView::state, InstanceVerifyView::ok)
                .containsExactly(tuple("webfarm.WebRole.0", "running", true), tuple("webfarm.WebRole.2", "not reported", false));
        assertThat(r.get(0).ok()).isFalse();
        assertThat(r.get(1).outcome()).isEqualTo("no-answer");
        assertThat(r.get(1).detail()).startsWith("the connection to host host-4 ended before it answered: ");
        assertThat(tookMs).as("the closed connection ends the wait before the 2 s deadline").isLessThan(2_000L);
    }

    @Test
    void anAgentsErrorIsReportedAsAFailureOfThatHost() {
        agent("host-1", request -> VerifyResult.newBuilder().setRequestId(request.getRequestId()).setDeployment("webfarm")
                .setError("no bridge fabbr0 in this network namespace").build());
        await().atMost(Duration.ofSeconds(20)).until(() -> sessions.size() == 1);

        List<HostVerifyView> r = verifications.run("webfarm", Map.of("host-1", List.of(placed("WebRole", 0, "host-1", "10.213.1.10"))),
                VerifyOptions.DEFAULT);

        assertThat(r).extracting(HostVerifyView::outcome, HostVerifyView::detail)
                .containsExactly(tuple("failed", "no bridge fabbr0 in this network namespace"));
    }
}
