package dev.fabric.agent.reconcile;

import java.time.Instant;

/**
 * Restarts of one instance since it was last known healthy for long enough.
 *
 * @param restarts    restarts so far (0: none)
 * @param lastRestart when the last restart was issued (meaningless when restarts is 0)
 * @param lastReason  why the instance was last restarted, kept for status
 */
public record FailureHistory(int restarts, Instant lastRestart, String lastReason) {
    public static final FailureHistory NONE = new FailureHistory(0, Instant.EPOCH, "");

    public FailureHistory {
        if (restarts < 0) {
            throw new IllegalArgumentException("restarts must be >= 0, was " + restarts);
        }
    }

    /** The history after a restart issued at {@code now} for {@code reason}. */
    public FailureHistory afterRestart(Instant now, String reason) {
        return new FailureHistory(restarts + 1, now, reason);
    }
}
