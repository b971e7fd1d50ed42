package dev.fabric.bench.swarm;

import dev.fabric.protocol.client.LinkClient;
import dev.fabric.protocol.client.LinkListener;
import dev.fabric.protocol.v1.DesiredState;
import dev.fabric.protocol.v1.Heartbeat;
import dev.fabric.protocol.v1.HeartbeatAck;
import dev.fabric.protocol.v1.HostPeer;
import dev.fabric.protocol.v1.Refusal;
import dev.fabric.protocol.v1.StatusReport;
import dev.fabric.protocol.v1.Welcome;

import java.time.Instant;
import java.util.List;

/**
 * One simulated host without libvirt: joins, heartbeats (through its {@link LinkClient}) naming its peers as heard, takes each
 * desired state and reports it applied, and keeps its lease as the agent would see it: the lease runs
 * {@code lease_ms} (from the Welcome) from the send time of its last acknowledged heartbeat. A lease
 * that ends while connected, before the next ack arrives, is a missed lease. Callbacks come from the
 * client's event loop; {@link #checkLease} from the swarm's checker thread.
 */
final class SimulatedAgent implements LinkListener {
    private final SwarmStats stats;
    private volatile LinkClient client;
    private volatile long generation;
    private volatile List<String> peersHeard = List.of();
    private volatile boolean connected;
    private volatile long leaseMs;
    private volatile long leaseEndMicros; // 0: no acked heartbeat in this session yet
    private volatile boolean lapsed;

    SimulatedAgent(SwarmStats stats) {
        this.stats = stats;
    }

    void attach(LinkClient client) {
        this.client = client;
    }

    /**
     * The heartbeat's content as a real agent's: the generation applied and, as if every echo of its last
     * round was answered, the peers the controller named (its group, 0692), which the controller counts as vouches.
     */
    void fillHeartbeat(Heartbeat.Builder heartbeat) {
        heartbeat.setDesiredGeneration(generation).addAllPeersHeard(peersHeard);
    }

    @Override
    public void onWelcome(long session, Welcome welcome) {
        leaseMs = welcome.getLeaseMs();
        leaseEndMicros = 0;
        lapsed = false;
        connected = true;
        stats.welcomed();
    }

    @Override
    public void onRefused(Refusal refusal) {
        stats.refused(refusal.getReason());
    }

    @Override
    public void onDesiredState(long session, DesiredState state) {
        generation = state.getGeneration();
        peersHeard = state.getPeersList().stream().map(HostPeer::getName).toList();
        stats.pushed(state.getSerializedSize());
        LinkClient c = client;
        if (c != null) {
            c.send(StatusReport.newBuilder().setDesiredGeneration(state.getGeneration()).build());
        }
    }

    @Override
    public void onLeaseRenewed(long session, Instant sentAt, HeartbeatAck ack) {
        long now = SwarmStats.micros(Instant.now());
        long sent = SwarmStats.micros(sentAt);
        stats.acked(now - sent);
        long end = leaseEndMicros;
        if (end != 0 && now > end && !lapsed) {
            stats.leaseLapsed();
        }
        lapsed = false;
        leaseEndMicros = Math.max(end, sent + 1000 * leaseMs);
    }

    @Override
    public void onDisconnected(String reason) {
        if (connected) {
            connected = false;
            leaseEndMicros = 0;
            stats.disconnected(reason);
        }
    }

    /** Counts a lease that ended while this agent is still connected (once per lapse). */
    void checkLease(long nowMicros) {
        long end = leaseEndMicros;
        if (connected && end != 0 && nowMicros > end && !lapsed) {
            lapsed = true;
            stats.leaseLapsed();
        }
    }
}
