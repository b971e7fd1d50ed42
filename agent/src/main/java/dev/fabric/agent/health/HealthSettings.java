package dev.fabric.agent.health;

import java.time.Duration;

/**
 * How the agent judges probes.
 *
 * @param grace          how long after the agent first sees a guest running it may fail its probe without
 *                       being restarted (the guest boots; under TCG a cloud image takes minutes). A first
 *                       successful probe ends the grace period early.
 * @param minFailures    the fewest consecutive failed probes that make an instance unhealthy, whatever
 *                       the probe's timeout says
 * @param maxAttempt     the longest one probe may take (it never takes longer than the probe interval either)
 */
public record HealthSettings(Duration grace, int minFailures, Duration maxAttempt) {
    public static final HealthSettings DEFAULT = new HealthSettings(Duration.ofMinutes(5), 2, Duration.ofSeconds(5));

    public HealthSettings {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace period must be >= 0, was " + grace);
        }
        if (minFailures < 1) {
            throw new IllegalArgumentException("minFailures must be >= 1, was " + minFailures);
        }
        if (maxAttempt.isNegative() || maxAttempt.isZero()) {
            throw new IllegalArgumentException("maxAttempt must be > 0, was " + maxAttempt);
        }
    }
}
