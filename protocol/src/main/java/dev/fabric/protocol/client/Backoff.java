package dev.fabric.protocol.client;

import java.time.Duration;
import java.util.Random;

/**
 * Reconnect delays: exponential with full jitter (a random delay between a floor and
 * {@code min(max, base x 2^attempt)}), so a thousand agents that lost the controller at once do not
 * all come back in the same millisecond. {@link #reset()} after a successful Welcome.
 */
public final class Backoff {
    private static final long FLOOR_MS = 50;

    private final long baseMs;
    private final long maxMs;
    private final Random random;
    private int attempt;

    public Backoff(Duration base, Duration max, Random random) {
        if (base.toMillis() < 1 || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff base must be >= 1 ms and <= max, were " + base + " and " + max);
        }
        this.baseMs = base.toMillis();
        this.maxMs = max.toMillis();
        this.random = random;
    }

    public static Backoff standard() {
        return new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), new Random());
    }

    /** The ceiling of the next delay, before jitter. */
    public synchronized Duration ceiling() {
        long c = attempt >= 30 ? maxMs : Math.min(maxMs, baseMs << attempt);
        return Duration.ofMillis(Math.max(FLOOR_MS, c));
    }

    public synchronized Duration next() {
        long ceiling = ceiling().toMillis();
        attempt++;
        return Duration.ofMillis(FLOOR_MS + (long) (random.nextDouble() * (ceiling - FLOOR_MS)));
    }

    /** The longest delay, for a refusal that will not change soon (a version the controller does not speak). */
    public synchronized Duration longest() {
        attempt = 30;
        return Duration.ofMillis(maxMs);
    }

    public synchronized void reset() {
        attempt = 0;
    }
}
