package dev.fabric.agent.fence;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The agent's half of the lease rule (decision 0660): when this host must stop its own instances
 * because the controller may already be starting them elsewhere. Pure: events and times come in, a
 * decision comes out.
 *
 * <ul>
 *   <li>The lease runs for {@code lease} from the send time of the last heartbeat the controller
 *       acknowledged. The controller counts from when it received that heartbeat, which is later, and
 *       adds a margin, so this host's lease always ends first.</li>
 *   <li>An expired lease alone does not fence: when the controller is down every host loses its lease,
 *       and instances must keep running. The host fences only when the lease has expired AND the last
 *       check of the other hosts, begun after {@code now - maxCheckAge}, reached no majority
 *       (this host plus the peers it reached is not more than half of all hosts). With no recent check
 *       at all it fences: not knowing is not a majority.</li>
 *   <li>Once fenced it stays fenced until the controller has both renewed the lease (acknowledged a
 *       heartbeat sent after the fence) and sent its desired state on that same connection, so the
 *       host never restarts an instance the controller has meanwhile moved elsewhere.</li>
 *   <li>Until the controller's desired state has arrived in this process, nothing may start: after a
 *       power loss the stored state may name instances that now run elsewhere. What runs keeps running
 *       (an agent restart must not stop guests).</li>
 * </ul>
 */
public final class LeaseFence {
    private volatile Duration lease;
    private final Duration maxCheckAge;
    private Optional<Instant> leaseBasis = Optional.empty();
    private long ackSession = -1;
    private long stateSession = -2;
    private Optional<PeerCheck> lastCheck = Optional.empty();
    private Optional<Instant> fencedAt = Optional.empty();
    private String fenceReason = "";

    public LeaseFence(Duration lease, Duration maxCheckAge) {
        if (lease.isNegative() || lease.isZero() || maxCheckAge.isNegative() || maxCheckAge.isZero()) {
            throw new IllegalArgumentException("lease and check age must be positive, were " + lease + " and " + maxCheckAge);
        }
        this.lease = lease;
        this.maxCheckAge = maxCheckAge;
    }

    /** The lease the controller's Welcome names (until then, the one given at construction). */
    public synchronized void lease(Duration newLease) {
        if (newLease.isNegative() || newLease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, was " + newLease);
        }
        this.lease = newLease;
    }

    public Duration lease() {
        return lease;
    }

    /** The controller acknowledged a heartbeat this host sent at {@code sentAt}, on connection {@code session}. */
    public synchronized void heartbeatAcked(long session, Instant sentAt) {
        if (leaseBasis.isEmpty() || sentAt.isAfter(leaseBasis.get())) {
            leaseBasis = Optional.of(sentAt);
        }
        ackSession = session;
    }

    /** The controller sent its desired state on connection {@code session}. */
    public synchronized void desiredStateReceived(long session) {
        stateSession = session;
    }

    public synchronized void peersChecked(PeerCheck check) {
        if (lastCheck.isEmpty() || !check.startedAt().isBefore(lastCheck.get().startedAt())) {
            lastCheck = Optional.of(check);
        }
    }

    /** When the lease ends (empty: this process never held one). */
    public synchronized Optional<Instant> leaseEnd() {
        return leaseBasis.map(b -> b.plus(lease));
    }

    public synchronized FenceDecision decide(Instant now) {
        boolean leaseValid = leaseBasis.isPresent() && now.isBefore(leaseBasis.get().plus(lease));
        if (fencedAt.isPresent()) {
            boolean renewedSince = leaseValid && leaseBasis.get().isAfter(fencedAt.get());
            if (renewedSince && stateSession == ackSession) {
                fencedAt = Optional.empty();
                return new FenceDecision(false, "lease renewed and desired state received: instances follow the controller again");
            }
            return new FenceDecision(true, fenceReason);
        }
        boolean stateSeen = stateSession >= 0;
        String hold = stateSeen ? "" : "; starting nothing until the controller's desired state arrives";
        if (leaseValid) {
            return new FenceDecision(false, "lease valid until " + leaseBasis.get().plus(lease) + hold, stateSeen);
        }
        String lapsed = leaseBasis.map(b -> "lease expired at " + b.plus(lease)).orElse("no lease since the agent started");
        Optional<PeerCheck> recent = lastCheck.filter(c -> !c.startedAt().isBefore(now.minus(maxCheckAge)));
        if (recent.isPresent() && recent.get().majority()) {
            return new FenceDecision(false, lapsed + ", but " + recent.get() + ": a majority, so the controller is"
                    + " what failed; instances keep running" + hold, stateSeen);
        }
        fencedAt = Optional.of(now);
        fenceReason = lapsed + " and " + recent.map(c -> c + ": no majority").orElse("no recent check of the other hosts")
                + "; instances stopped until the controller renews the lease";
        return new FenceDecision(true, fenceReason);
    }
}
