package dev.fabric.controller.service;

import dev.fabric.controller.liveness.LivenessSettings;
import dev.fabric.controller.liveness.LivenessTransition;
import dev.fabric.controller.placement.PlacementSettings;
import dev.fabric.protocol.LinkVersion;
import dev.fabric.protocol.server.Admission;
import dev.fabric.protocol.server.AgentLinkHandler;
import dev.fabric.protocol.server.AgentSession;
import dev.fabric.protocol.tls.PeerIdentity;
import dev.fabric.protocol.v1.Heartbeat;
import dev.fabric.protocol.v1.HeartbeatAck;
import dev.fabric.protocol.v1.Hello;
import dev.fabric.protocol.v1.StatusReport;
import dev.fabric.protocol.v1.VerifyResult;
import dev.fabric.protocol.v1.Welcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;

/**
 * The controller's side of the agent link: admits inventory hosts whose memory scale matches the one
 * placement uses, renews leases on heartbeats, keeps reported instance states, and pushes a host its
 * desired state as soon as it joins. Runs on the link's event loops: everything here is quick, and the
 * push is handed to the {@link Pusher}'s own thread.
 */
public final class AgentLinks implements AgentLinkHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AgentLinks.class);

    private final HostDirectory hosts;
    private final LivenessSettings liveness;
    private final String memoryScale;
    private final Pusher pusher;
    private final Clock clock;
    private final Verifications verifications;

    public AgentLinks(HostDirectory hosts, LivenessSettings liveness, PlacementSettings placement, Pusher pusher, Clock clock,
                      Verifications verifications) {
        this.verifications = verifications;
        this.hosts = hosts;
        this.liveness = liveness;
        this.memoryScale = memoryScale(placement);
        this.pusher = pusher;
        this.clock = clock;
    }

    /** The agent's way of writing its scale ({@code MemoryScale.toString}); both must place guests alike. */
    static String memoryScale(PlacementSettings p) {
        return p.memoryScaleNumerator() + "/" + p.memoryScaleDenominator() + " (floor " + p.memoryFloorMiB() + " MiB)";
    }

    @Override
    public Admission admit(PeerIdentity identity, Hello hello, SocketAddress remote) {
        if (hosts.host(identity.commonName()).isEmpty()) {
            LOG.warn("refused host {} from {}: not in the inventory", identity.commonName(), remote);
            return Admission.refuse("host " + identity.commonName() + " is not in the controller's inventory (datacenter.xml)");
        }
        String scale = hello.getCapacity().getMemoryScale();
        if (!scale.isEmpty() && !scale.equals(memoryScale)) {
            LOG.warn("refused host {}: memory scale {} differs from the controller's {}", identity.commonName(), scale, memoryScale);
            return Admission.refuse("host " + identity.commonName() + " scales guest memory " + scale + " but the controller places"
                    + " with " + memoryScale + "; set the same memory.scale and memory.floor-mib on every agent");
        }
        return Admission.accept(Welcome.newBuilder().setProtocolVersion(LinkVersion.CURRENT)
                .setHeartbeatIntervalMs((int) liveness.heartbeatInterval().toMillis()).setLeaseMs((int) liveness.lease().toMillis()).build());
    }

    @Override
    public void onAdmitted(AgentSession session) {
        hosts.joined(session);
        LOG.info("host {} joined from {} ({} cpus, {} MiB for guests, {} instances running)", session.hostName(), session.remote(),
                session.hello().getCapacity().getCpus(), session.hello().getCapacity().getMemoryMib(), session.hello().getInstancesCount());
        pusher.push(session.hostName());
    }

    @Override
    public HeartbeatAck onHeartbeat(AgentSession session, Heartbeat heartbeat) {
        List<LivenessTransition> changes = hosts.heartbeat(session.hostName(), clock.instant(),
                new HashSet<>(heartbeat.getPeersHeardList()));
        changes.forEach(t -> LOG.info("liveness: {}", t));
        if (heartbeat.getDesiredGeneration() != pusher.generationSent(session.hostName())) {
            pusher.push(session.hostName()); // it missed a push or restarted with an older state
        }
        return HeartbeatAck.newBuilder().setSequence(heartbeat.getSequence()).setLeaseMs((int) liveness.lease().toMillis()).build();
    }

    @Override
    public void onStatus(AgentSession session, StatusReport report) {
        hosts.report(session.hostName(), report.getInstancesList());
    }

    @Override
    public void onVerifyResult(AgentSession session, VerifyResult result) {
        verifications.onResult(session, result);
    }

    @Override
    public void onClosed(AgentSession session, String reason) {
        verifications.onClosed(session, reason);
        if (hosts.left(session)) {
            LOG.info("host {} left: {}", session.hostName(), reason);
        }
    }
}
