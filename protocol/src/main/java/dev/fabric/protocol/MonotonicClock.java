package dev.fabric.protocol;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that never jumps: wall time at creation plus {@link System#nanoTime()} since. Leases are
 * durations; a wall-clock step (NTP, an operator) must not end or stretch one.
 */
public final class MonotonicClock extends Clock {
    private final Instant base = Instant.now();
    private final long baseNanos = System.nanoTime();

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return base.plusNanos(System.nanoTime() - baseNanos);
    }
}
