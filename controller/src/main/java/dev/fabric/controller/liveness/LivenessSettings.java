package dev.fabric.controller.liveness;

import java.time.Duration;
import java.util.Objects;

/**
 * Heartbeats and leases (decision 0620).
 *
 * @param heartbeatInterval how often an agent sends a heartbeat
 * @param lease             how long one heartbeat keeps a host's lease; the agent fences its instances
 *                          when it has held no acknowledged heartbeat for this long (and reaches no
 *                          majority of peers)
 * @param fenceMargin       how long after a lease ends the controller still waits before it calls the
 *                          host down: the time the agent needs to stop its guests, plus clock-rate slack
 */
public record LivenessSettings(Duration heartbeatInterval, Duration lease, Duration fenceMargin) {
    public static final LivenessSettings DEFAULTS =
            new LivenessSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(1));

    public LivenessSettings {
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(fenceMargin, "fenceMargin");
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeat interval must be positive, was " + heartbeatInterval);
        }
        // two heartbeats may be lost in a row before the lease is in danger
        if (lease.compareTo(heartbeatInterval.multipliedBy(2)) <= 0) {
            throw new IllegalArgumentException("lease " + millis(lease) + " must be longer than twice the heartbeat"
                    + " interval " + millis(heartbeatInterval) + ", so one lost heartbeat does not end it");
        }
        if (fenceMargin.isNegative()) {
            throw new IllegalArgumentException("fence margin must not be negative, was " + fenceMargin);
        }
    }

    /** From a silent host's last heartbeat until the controller may call it down. */
    public Duration downAfter() {
        return lease.plus(fenceMargin);
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }
}
