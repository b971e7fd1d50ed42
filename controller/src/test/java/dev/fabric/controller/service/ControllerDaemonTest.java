package dev.fabric.controller.service;

import dev.fabric.controller.api.ApiException;
import dev.fabric.controller.api.DeploymentView;
import dev.fabric.controller.api.InstanceView;
import dev.fabric.controller.api.VerifyOptions;
import dev.fabric.controller.api.VerifyView;
import dev.fabric.controller.liveness.LivenessSettings;
import dev.fabric.controller.model.Assignment;
import dev.fabric.controller.placement.PlacementSettings;
import dev.fabric.controller.store.ControllerStore;
import dev.fabric.pki.CertificateAuthority;
import dev.fabric.pki.CredentialKind;
import dev.fabric.protocol.LinkVersion;
import dev.fabric.protocol.client.Backoff;
import dev.fabric.protocol.client.LinkClient;
import dev.fabric.protocol.client.LinkListener;
import dev.fabric.protocol.tls.TlsContexts;
import dev.fabric.protocol.tls.TlsFiles;
import dev.fabric.protocol.v1.Capacity;
import dev.fabric.protocol.v1.DesiredState;
import dev.fabric.protocol.v1.HeartbeatAck;
import dev.fabric.protocol.v1.Hello;
import dev.fabric.protocol.v1.InstanceReport;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A whole controller (embedded ZooKeeper, inventory, agent port, API) with three simulated agents that
 * speak the real protocol over real mutual TLS on 127.0.0.1: placement over fault domains, pushes,
 * reported states, reincarnation when a host goes silent, and a controller restart that loses nothing.
 */
class ControllerDaemonTest {
    static final Path WEBFARM = Path.of("../examples/webfarm");
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;
    private CertificateAuthority ca;
    private ControllerDaemon daemon;
    private EventLoopGroup group;
    private final Map<String, SimulatedAgent> agents = new HashMap<>();

    /** An agent without libvirt: joins, beats, keeps the last desired state, reports its instances running. */
    final class SimulatedAgent implements LinkListener {
        final String name;
        final AtomicReference<DesiredState> desired = new AtomicReference<>();
        final AtomicReference<String> refused = new AtomicReference<>();
        final AtomicReference<String> lastDisconnect = new AtomicReference<>();
        LinkClient client;

        SimulatedAgent(String name) {
            this.name = name;
        }

        void start(int port) {
            start(port, ca.directory());
        }

        /** With the certificate and key under {@code pki}, trusting the test's CA (so only the controller can refuse). */
        void start(int port, Path pki) {
            client = new LinkClient(group, TlsContexts.client(new TlsFiles(TlsFiles.host(pki, name).certificate(),
                    TlsFiles.host(pki, name).key(), ca.directory().resolve("ca.crt"))), "127.0.0.1", port,
                    () -> Hello.newBuilder().setProtocolVersion(LinkVersion.CURRENT).setHostName(name)
                            .setCapacity(Capacity.newBuilder().setCpus(2).setMemoryMib(4096).setMemoryScale("1/16 (floor 128 MiB)")).build(),
                    hb -> hb.setDesiredGeneration(desired.get() == null ? 0 : desired.get().getGeneration()),
                    this, new Backoff(Duration.ofMillis(50), Duration.ofMillis(300), new Random(1)), Clock.systemUTC(), m -> { });
            client.start();
        }

        @Override
        public void onWelcome(long session, Welcome welcome) {
        }

        @Override
        public void onRefused(Refusal refusal) {
            refused.set(refusal.getReason());
        }

        @Override
        public void onDesiredState(long session, DesiredState state) {
            desired.set(state);
            StatusReport.Builder r = StatusReport.newBuilder().setDesiredGeneration(state.getGeneration());
            state.getDeploymentsList().forEach(d -> d.getInstancesList().forEach(i -> r.addInstances(InstanceReport.newBuilder()
                    .setDeployment(d.getName()).setRole(i.getRole()).setIndex(i.getIndex()).setAddress(i.getAddress())
                    .setState("running").setHealth("serving"))));
            client.send(r.build());
        }

        @Override
        public void onLeaseRenewed(long session, Instant sentAt, HeartbeatAck ack) {
        }

        @Override
        public void onDisconnected(String reason) {
            lastDisconnect.set(reason);
        }

        /** Answers as a host whose instances serve exactly their declared port (the web role's 8080) to the bridge probe. */
        @Override
        public void onVerifyRequest(long session, VerifyRequest request) {
            VerifyResult.Builder r = VerifyResult.newBuilder().setRequestId(request.getRequestId()).setDeployment(request.getDeployment())
                    .setBridge("fabbr0").setProbeAddress("10.213.9.254").setPorts(request.getPorts());
            desired.get().getDeploymentsList().stream().filter(d -> d.getName().equals(request.getDeployment()))
                    .flatMap(d -> d.getInstancesList().stream()).forEach(i -> {
                        String declared = i.getRole().equals("WebRole") ? "8080" : "";
                        r.addInstances(InstanceVerify.newBuilder().setRole(i.getRole()).setIndex(i.getIndex()).setAddress(i.getAddress())
                                .setState("running").setExpected(declared).setOpen(declared));
                    });
            client.send(r.build());
        }

        int instances() {
            DesiredState s = desired.get();
            return s == null ? 0 : s.getDeploymentsList().stream().mapToInt(d -> d.getInstancesCount()).sum();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        Duration year = Duration.ofDays(365);
        ca = CertificateAuthority.init(tmp.resolve("pki"), "test", year, Clock.systemUTC());
        ca.issue(CredentialKind.CONTROLLER, null, List.of("127.0.0.1"), year, Clock.systemUTC());
        for (String h : List.of("host-1", "host-2", "host-3", "host-9")) {
            ca.issue(CredentialKind.HOST, h, List.of(), year, Clock.systemUTC());
        }
        Files.writeString(tmp.resolve("datacenter.xml"), """
                <Datacenter name="test">
                  <FaultDomain name="rack-1"><Host name="host-1" address="10.214.0.11" instanceSubnet="10.213.1.0/24"/></FaultDomain>
                  <FaultDomain name="rack-2"><Host name="host-2" address="10.214.0.12" instanceSubnet="10.213.2.0/24"/></FaultDomain>
                  <FaultDomain name="rack-3"><Host name="host-3" address="10.214.0.13" instanceSubnet="10.213.3.0/24"/></FaultDomain>
                </Datacenter>
                """);
        group = new NioEventLoopGroup(1);
        daemon = ControllerDaemon.start(settings());
        for (String h : List.of("host-1", "host-2", "host-3")) {
            SimulatedAgent a = new SimulatedAgent(h);
            agents.put(h, a);
            a.start(daemon.agentPort());
        }
        await().atMost(WAIT).until(() -> daemon.hosts().liveHosts().size() == 3);
    }

    private ControllerSettings settings() {
        return new ControllerSettings(tmp.resolve("datacenter.xml"), ca.directory(), tmp.resolve("data"), Optional.empty(),
                new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0),
                new LivenessSettings(Duration.ofMillis(200), Duration.ofMillis(600), Duration.ofMillis(300)), PlacementSettings.DEFAULTS);
    }

    @AfterEach
    void tearDown() {
        agents.values().forEach(a -> a.client.close());
        if (daemon != null) {
            daemon.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private DeploymentView deploy() throws Exception {
        return daemon.deployments().deploy("webfarm", Files.readString(WEBFARM.resolve("ServiceDefinition.csdef")),
                Files.readString(WEBFARM.resolve("ServiceConfiguration.cscfg")));
    }

    @Test
    void placesOverFaultDomainsPushesAndShowsWhatTheAgentsReport() throws Exception {
        DeploymentView d = deploy();
        assertThat(d.instances()).extracting(InstanceView::host).doesNotContainNull().doesNotHaveDuplicates();

        await().atMost(WAIT).until(() -> agents.values().stream().mapToInt(SimulatedAgent::instances).sum() == 3);
        for (SimulatedAgent a : agents.values()) {
            DesiredState s = a.desired.get();
            assertThat(s.getRoutesCount()).as(a.name + " routes to the other two").isEqualTo(2);
            assertThat(s.getDeployments(0).getPeersCount()).as(a.name + " knows the other two instances").isEqualTo(2);
        }
        await().atMost(WAIT).until(() -> daemon.deployments().get("webfarm").instances().stream().allMatch(InstanceView::ready));
        assertThat(daemon.deployments().hosts()).extracting(h -> h.name() + " " + h.state() + " " + h.instanceCount())
                .containsExactly("host-1 up 1", "host-2 up 1", "host-3 up 1");
        assertThatThrownBy(this::deploy).isInstanceOf(ApiException.class).hasMessageContaining("exists");
    }

    @Test
    void verifyAsksEveryHostOfTheDeploymentAndReturnsTheirAnswersWithTheDefinition() throws Exception {
        deploy();
        await().atMost(WAIT).until(() -> agents.values().stream().mapToInt(SimulatedAgent::instances).sum() == 3);

        VerifyView v = daemon.deployments().verify("webfarm", new VerifyOptions("1-1024", 200));

        assertThat(v.ok()).isTrue();
        assertThat(v.ports()).isEqualTo("1-1024");
        assertThat(v.hosts()).extracting(VerifyView.HostVerifyView::host).containsExactly("host-1", "host-2", "host-3");
        assertThat(v.hosts()).allSatisfy(h -> assertThat(h.outcome()).isEqualTo("verified"));
        assertThat(v.hosts().stream().flatMap(h -> h.instances().stream()).map(i -> i.instanceId() + " " + i.open()).sorted())
                .containsExactly("webfarm.WebRole.0 8080", "webfarm.WebRole.1 8080", "webfarm.WorkerRole.0 ");
        assertThat(v.instances()).hasSize(3);
        assertThat(v.csdef()).isEqualTo(Files.readString(WEBFARM.resolve("ServiceDefinition.csdef")));
        assertThatThrownBy(() -> daemon.deployments().verify("nosuch", VerifyOptions.DEFAULT)).isInstanceOf(ApiException.class)
                .hasMessage("no deployment nosuch");
    }

    @Test
    void theInstancesOfASilentHostMoveAndARestartedControllerKeepsEverything() throws Exception {
        deploy();
        await().atMost(WAIT).until(() -> agents.values().stream().mapToInt(SimulatedAgent::instances).sum() == 3);
        Assignment onHost2 = daemon.store().orElseThrow().allAssignments().stream().filter(a -> a.host().equals("host-2"))
                .findFirst().orElseThrow();

        long silentAt = System.nanoTime();
        agents.get("host-2").client.close();
        await().atMost(WAIT).until(() -> daemon.store().orElseThrow().allAssignments().stream().noneMatch(a -> a.host().equals("host-2")));
        long movedMs = (System.nanoTime() - silentAt) / 1_000_000;
        assertThat(movedMs).as("not before lease + margin (900 ms)").isGreaterThanOrEqualTo(800);
        Assignment moved = daemon.store().orElseThrow().allAssignments().stream()
                .filter(a -> a.instance().equals(onHost2.instance())).findFirst().orElseThrow();
        assertThat(moved.host()).isIn("host-1", "host-3");
        assertThat(moved.address()).startsWith(moved.host().equals("host-1") ? "10.213.1." : "10.213.3.");
        await().atMost(WAIT).until(() -> agents.get(moved.host()).instances() == 2);

        List<Assignment> before = daemon.store().orElseThrow().allAssignments();
        daemon.close();
        daemon = ControllerDaemon.start(settings());
        assertThat(daemon.deployments().list()).extracting(DeploymentView::name).containsExactly("webfarm");
        assertThat(daemon.store().orElseThrow().allAssignments()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void aHostNotInTheInventoryIsRefused() {
        SimulatedAgent stranger = new SimulatedAgent("host-9");
        agents.put("host-9", stranger);
        stranger.start(daemon.agentPort());
        await().atMost(WAIT).until(() -> stranger.refused.get() != null);
        assertThat(stranger.refused.get()).isEqualTo("host host-9 is not in the controller's inventory (datacenter.xml)");
        assertThat(daemon.hosts().liveHosts()).hasSize(3);
    }

    @Test
    void refusedAgentsAndPlainClientsChangeNothing() throws Exception {
        deploy();
        await().atMost(WAIT).until(() -> agents.values().stream().mapToInt(SimulatedAgent::instances).sum() == 3);
        ControllerStore store = daemon.store().orElseThrow();
        long generation = store.generation();
        List<Assignment> assignments = store.allAssignments();
        Map<String, Long> pushed = new HashMap<>();
        agents.forEach((name, a) -> pushed.put(name, a.desired.get().getGeneration()));

        Duration year = Duration.ofDays(365);
        CertificateAuthority other = CertificateAuthority.init(tmp.resolve("other-ca"), "other", year, Clock.systemUTC());
        other.issue(CredentialKind.HOST, "host-1", List.of(), year, Clock.systemUTC());
        Path expired = tmp.resolve("expired");
        copyPki(ca.directory(), expired);
        Files.delete(expired.resolve("hosts/host-2.crt"));
        Files.delete(expired.resolve("hosts/host-2.key"));
        CertificateAuthority.open(expired).issue(CredentialKind.HOST, "host-2", List.of(), Duration.ofDays(1),
                Clock.fixed(Instant.now().minus(Duration.ofDays(3)), java.time.ZoneOffset.UTC));

        SimulatedAgent stranger = new SimulatedAgent("host-9");
        SimulatedAgent otherCa = new SimulatedAgent("host-1");
        SimulatedAgent outOfDate = new SimulatedAgent("host-2");
        try {
            stranger.start(daemon.agentPort());
            otherCa.start(daemon.agentPort(), other.directory());
            outOfDate.start(daemon.agentPort(), expired);
            await().atMost(WAIT).until(() -> stranger.refused.get() != null && otherCa.lastDisconnect.get() != null
                    && outOfDate.lastDisconnect.get() != null);
            assertThat(plainRequest(daemon.agentPort())).as("plain HTTP on the agent port").isEmpty();
            assertThat(plainRequest(daemon.apiPort())).as("plain HTTP on the API port").isEmpty();
        } finally {
            List.of(stranger, otherCa, outOfDate).forEach(a -> a.client.close());
        }

        assertThat(otherCa.desired.get()).as("another CA's host-1 got no desired state").isNull();
        assertThat(outOfDate.desired.get()).as("an expired host-2 got no desired state").isNull();
        assertThat(store.generation()).as("the store's generation").isEqualTo(generation);
        assertThat(store.allAssignments()).containsExactlyInAnyOrderElementsOf(assignments);
        assertThat(daemon.hosts().sessions()).extracting(session -> session.hostName())
                .containsExactlyInAnyOrder("host-1", "host-2", "host-3");
        assertThat(daemon.deployments().hosts()).extracting(h -> h.name() + " " + h.state() + " " + h.instanceCount())
                .containsExactly("host-1 up 1", "host-2 up 1", "host-3 up 1");
        agents.forEach((name, a) -> assertThat(a.desired.get().getGeneration()).as(name + " got no new push").isEqualTo(pushed.get(name)));
    }

    private static void copyPki(Path from, Path to) throws java.io.IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    /** Sends a plain HTTP request; returns what came back before the controller closed (nothing, for a TLS-only port). */
    private static String plainRequest(int port) throws java.io.IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /v1/deployments HTTP/1.0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketException e) {
            return ""; // reset: nothing came back
        }
    }
}
