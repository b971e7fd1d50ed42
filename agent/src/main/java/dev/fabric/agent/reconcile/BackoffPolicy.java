package dev.fabric.agent.reconcile;

import java.time.Duration;
import java.time.Instant;

/**
 * Exponential backoff for restarting failed instances. The first restart is immediate; restart n+1
 * waits {@code initial * 2^(n-1)}, at most {@code max}, after restart n. A history older than
 * {@code resetAfter} (the instance stayed up that long since its last restart) no longer counts.
 * Pure: all times are passed in.
 */
public record BackoffPolicy(Duration initial, Duration max, Duration resetAfter) {
    public static final BackoffPolicy DEFAULT = new BackoffPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5),
            Duration.ofMinutes(10));

    public BackoffPolicy {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be > 0, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("maximum backoff " + max + " is below the initial " + initial);
        }
        if (resetAfter.compareTo(max) < 0) {
            throw new IllegalArgumentException("reset period " + resetAfter + " must be at least the maximum backoff " + max);
        }
    }

    /** The wait between restart {@code restartsSoFar} and the next one (0 before the first). */
    public Duration delayAfter(int restartsSoFar) {
        if (restartsSoFar <= 0) {
            return Duration.ZERO;
        }
        int doublings = Math.min(restartsSoFar - 1, 40);
        // Compare in nanoseconds against the cap so large counts never overflow.
        long cap = max.toNanos();
        long delay = initial.toNanos();
        for (int i = 0; i < doublings && delay < cap; i++) {
            delay = delay > cap / 2 ? cap : delay * 2;
        }
        return Duration.ofNanos(Math.min(delay, cap));
    }

    /** The history that counts at {@code now}: empty again once the last restart is older than resetAfter. */
    public FailureHistory effective(FailureHistory history, Instant now) {
        if (history.restarts() > 0 && !now.isBefore(history.lastRestart().plus(resetAfter))) {
            return FailureHistory.NONE;
        }
        return history;
    }

    /** The earliest time the next restart may be issued. */
    public Instant nextAttempt(FailureHistory history, Instant now) {
        FailureHistory h = effective(history, now);
        if (h.restarts() == 0) {
            return now;
        }
        return h.lastRestart().plus(delayAfter(h.restarts()));
    }
}
