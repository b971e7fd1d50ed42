package dev.fabric.agent.link;

import dev.fabric.agent.fence.FenceDecision;
import dev.fabric.agent.fence.LeaseFence;
import dev.fabric.agent.fence.PeerChecker;
import dev.fabric.agent.libvirt.HostCapabilities;
import dev.fabric.agent.libvirt.LibvirtHost;
import dev.fabric.agent.managed.ControllerLinkSettings;
import dev.fabric.agent.managed.ControllerStateException;
import dev.fabric.agent.managed.FabricPeer;
import dev.fabric.agent.managed.KernelRoutes;
import dev.fabric.agent.managed.ManagedState;
import dev.fabric.agent.managed.RoutePlan;
import dev.fabric.agent.run.AgentSettings;
import dev.fabric.agent.run.HostAgent;
import dev.fabric.agent.run.HostStatus;
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
import dev.fabric.protocol.v1.Refusal;
import dev.fabric.protocol.v1.StatusReport;
import dev.fabric.protocol.v1.VerifyRequest;
import dev.fabric.protocol.v1.Welcome;
import dev.fabric.protocol.transport.Transports;
import io.netty.channel.EventLoopGroup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A managed agent's side of the controller: joins with its capacity and what it runs, keeps what the
 * controller pushes ({@link ManagedState}) and the routes to the other hosts ({@link KernelRoutes}),
 * renews its lease, checks its peers every heartbeat interval, reports instance states, and decides
 * with {@link LeaseFence} when the host must fence (0660). Pushes are handled on a worker thread of
 * its own, never on the network thread.
 */
public final class ControllerLink implements AutoCloseable {
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration DEFAULT_LEASE = Duration.ofSeconds(3);

    private final ControllerLinkSettings link;
    private final AgentSettings settings;
    private final HostAgent agent;
    private final ManagedState managed;
    private final LibvirtHost libvirt;
    private final Runnable wake;
    private final Consumer<String> log;
    private final Clock clock = new dev.fabric.protocol.MonotonicClock();
    private final LeaseFence fence = new LeaseFence(DEFAULT_LEASE, DEFAULT_INTERVAL.multipliedBy(2));
    private final PeerChecker peers = new PeerChecker(Duration.ofMillis(500), clock);
    private final KernelRoutes routes = new KernelRoutes();
    private final Map<String, Instant> peerAnswered = new ConcurrentHashMap<>();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "controller-link");
        t.setDaemon(true);
        return t;
    });
    private final java.util.concurrent.ExecutorService verifier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "controller-verify");
        t.setDaemon(true);
        return t;
    });
    private final VerifyResponder verify;
    private final EventLoopGroup group = Transports.group(1);
    private final LinkClient client;
    private volatile ScheduledFuture<?> peerChecks;
    private volatile long session;
    private volatile StatusReport lastSent;
    private volatile long lastSentSession;
    private volatile boolean lastFenced;

    private ControllerLink(ControllerLinkSettings link, AgentSettings settings, HostAgent agent, ManagedState managed,
                           LibvirtHost libvirt, Runnable wake, Consumer<String> log) {
        this.link = link;
        this.settings = settings;
        this.agent = agent;
        this.managed = managed;
        this.libvirt = libvirt;
        this.wake = wake;
        this.log = log;
        this.verify = new VerifyResponder(new dev.fabric.agent.verify.ManagedVerification(settings.host(), managed, libvirt::domains)::verify,
                settings.host(), log);
        this.client = new LinkClient(group, TlsContexts.client(new TlsFiles(link.certificate(), link.key(), link.caCertificate())),
                link.controllerHost(), link.controllerPort(), this::hello, hb -> {
                    hb.setDesiredGeneration(managed.generation());
                    List<String> heard = heardWithinLease();
                    hb.setPeersReachable(heard.size()).addAllPeersHeard(heard);
                }, new Listener(), Backoff.standard(), clock, log);
    }

    /**
     * Starts the link; the agent's passes ask it whether to fence from now on.
     *
     * @throws dev.fabric.protocol.tls.TlsSetupException when the host's certificate, key or the CA file is unusable
     */
    public static ControllerLink start(ControllerLinkSettings link, AgentSettings settings, HostAgent agent, ManagedState managed,
                                       LibvirtHost libvirt, Runnable wake, Consumer<String> log) {
        ControllerLink l = new ControllerLink(link, settings, agent, managed, libvirt, wake, log);
        agent.fenceWith(l::decide);
        l.schedulePeerChecks(DEFAULT_INTERVAL);
        l.worker.execute(l::reconcileRoutes);
        l.client.start();
        return l;
    }

    /** Sends the instances' states when they changed since the last report on this connection. */
    public void afterPass() {
        if (!client.connected()) {
            return;
        }
        StatusReport report = status();
        if (!report.equals(lastSent) || lastSentSession != session) {
            if (client.send(report)) {
                lastSent = report;
                lastSentSession = session;
            }
        }
    }

    private FenceDecision decide() {
        FenceDecision d = fence.decide(clock.instant());
        if (d.fenced() != lastFenced) {
            lastFenced = d.fenced();
            log.accept((d.fenced() ? "FENCED: " : "fence lifted: ") + d.reason());
        }
        return d;
    }

    private Hello hello() {
        Capacity.Builder c = Capacity.newBuilder().setMemoryMib(settings.host().guestMemoryMiB())
                .setMemoryScale(settings.host().memoryScale().toString());
        try {
            c.setCpus(libvirt.connection().nodeInfo().cpus);
            c.addAllVirtTypes(HostCapabilities.parse(libvirt.capabilities()).domainTypes());
            c.setLibvirtVersion(Long.toString(libvirt.connection().getLibVirVersion()));
        } catch (Exception e) {
            log.accept("controller link: cannot read the host's capacity from libvirt: " + e.getMessage());
        }
        return Hello.newBuilder().setProtocolVersion(LinkVersion.CURRENT).setHostName(link.hostName())
                .setAgentVersion("fabric-agent").setCapacity(c).addAllInstances(status().getInstancesList())
                .setDesiredGeneration(managed.generation()).build();
    }

    private StatusReport status() {
        StatusReport.Builder r = StatusReport.newBuilder().setDesiredGeneration(managed.generation());
        try {
            HostStatus s = HostStatus.collect(managed.store().names(), libvirt.domains(), agent.lastHealth(), agent.restartHistories());
            for (HostStatus.Deployment d : s.deployments()) {
                for (HostStatus.Instance i : d.instances()) {
                    r.addInstances(InstanceReport.newBuilder().setDeployment(d.name()).setRole(i.role()).setIndex(i.index())
                            .setAddress(i.address()).setState(i.state()).setHealth(apiHealth(i.health())).setRestarts(i.restarts())
                            .setDetail(i.lastFailure().orElse(i.health().startsWith("unhealthy") ? i.health() : "")));
                }
            }
        } catch (RuntimeException e) {
            log.accept("controller link: cannot collect instance states: " + e.getMessage());
        }
        return r.build();
    }

    /** The agent's health words (healthy, unhealthy (why), unknown) in the API's (serving, not-serving, unknown). */
    static String apiHealth(String agentHealth) {
        if (agentHealth.startsWith("healthy")) {
            return "serving";
        }
        return agentHealth.startsWith("unhealthy") ? "not-serving" : "unknown";
    }

    private List<String> heardWithinLease() {
        Instant since = clock.instant().minus(fence.lease());
        return peerAnswered.entrySet().stream().filter(e -> e.getValue().isAfter(since)).map(Map.Entry::getKey).sorted().toList();
    }

    private synchronized void schedulePeerChecks(Duration interval) {
        if (peerChecks != null) {
            peerChecks.cancel(false);
        }
        peerChecks = worker.scheduleAtFixedRate(this::checkPeers, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkPeers() {
        try {
            List<FabricPeer> others = managed.assignments().peers();
            PeerChecker.Round round = peers.round(others);
            Instant now = clock.instant();
            round.answered().forEach(n -> peerAnswered.put(n, now));
            peerAnswered.keySet().retainAll(others.stream().map(FabricPeer::name).toList());
            fence.peersChecked(round.check());
            if (decide().fenced() || lastFenced) {
                wake.run();
            }
        } catch (RuntimeException e) {
            log.accept("controller link: peer check failed: " + e.getMessage());
        }
    }

    private void reconcileRoutes() {
        try {
            RoutePlan done = routes.reconcile(managed.assignments().routes());
            if (!done.isEmpty()) {
                log.accept("routes: " + done.replace().size() + " set, " + done.delete().size() + " removed");
            }
        } catch (RuntimeException e) {
            log.accept("routes: " + e.getMessage());
        }
    }

    private void takeDesiredState(long fromSession, DesiredState state) {
        try {
            if (managed.accept(state)) {
                log.accept("desired state " + state.getGeneration() + " from the controller: "
                        + managed.assignments().deployments().keySet());
            }
            reconcileRoutes();
            fence.desiredStateReceived(fromSession);
            wake.run();
        } catch (ControllerStateException e) {
            log.accept("controller link: desired state " + state.getGeneration() + " refused: " + e.getMessage());
        } catch (RuntimeException e) {
            log.accept("controller link: cannot take desired state " + state.getGeneration() + ": " + e);
        }
    }

    private final class Listener implements LinkListener {
        @Override
        public void onWelcome(long s, Welcome welcome) {
            session = s;
            if (welcome.getLeaseMs() > 0) {
                fence.lease(Duration.ofMillis(welcome.getLeaseMs()));
            }
            if (welcome.getHeartbeatIntervalMs() > 0) {
                Duration interval = Duration.ofMillis(welcome.getHeartbeatIntervalMs());
                worker.execute(() -> schedulePeerChecks(interval));
            }
            log.accept("controller link: joined " + link.controller() + " as " + link.hostName() + " (lease "
                    + welcome.getLeaseMs() + " ms, heartbeat every " + welcome.getHeartbeatIntervalMs() + " ms)");
        }

        @Override
        public void onRefused(Refusal refusal) {
            log.accept("controller link: refused by " + link.controller() + ": " + refusal.getReason());
        }

        @Override
        public void onDesiredState(long s, DesiredState state) {
            worker.execute(() -> takeDesiredState(s, state));
        }

        @Override
        public void onLeaseRenewed(long s, Instant sentAt, HeartbeatAck ack) {
            fence.heartbeatAcked(s, sentAt);
        }

        @Override
        public void onDisconnected(String reason) {
            session = 0;
        }

        @Override
        public void onVerifyRequest(long s, VerifyRequest request) {
            verifier.execute(() -> {
                if (!client.send(verify.answer(request))) {
                    log.accept("verify " + request.getDeployment() + ": the link was lost before the result could be sent");
                }
            });
        }
    }

    @Override
    public void close() {
        client.close();
        worker.shutdownNow();
        verifier.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
