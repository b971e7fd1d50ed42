package dev.fabric.agent.health;

import dev.fabric.agent.reconcile.Health;
import dev.fabric.servicedef.model.HealthProbe;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Turns an instance's probe history into the {@link Health} the reconciler acts on. Pure: the time is
 * passed in.
 *
 * <p>Unhealthy means: {@link #failureThreshold} consecutive failed probes, and the guest is past its
 * grace period (it answered once, or it has been running longer than the grace period). A booting
 * guest that does not answer yet is UNKNOWN, which the reconciler leaves alone. A guest that answered
 * and then fails fewer times than the threshold stays HEALTHY (one lost probe does not restart it).
 */
public final class HealthJudge {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final HealthSettings settings;

    public HealthJudge(HealthSettings settings) {
        this.settings = settings;
    }

    public HealthSettings settings() {
        return settings;
    }

    /**
     * Consecutive failures that make an instance unhealthy: enough probes to span the probe's timeout
     * (csdef timeoutInSeconds: 31 s at a 15 s interval gives 3), and never fewer than the settings' minimum.
     */
    public int failureThreshold(HealthProbe probe) {
        long spans = ceilDiv(probe.timeout().toMillis(), probe.interval().toMillis());
        return (int) Math.max(settings.minFailures(), Math.min(spans, 1_000));
    }

    /** How long one probe may take: never past the next probe, never longer than the settings allow. */
    public Duration attemptDeadline(HealthProbe probe) {
        return probe.interval().compareTo(settings.maxAttempt()) < 0 ? probe.interval() : settings.maxAttempt();
    }

    /** When the grace period of a guest watched since {@code since} ends. */
    public Instant graceEnds(ProbeTrack track) {
        return track.since().plus(settings.grace());
    }

    public Health verdict(ProbeTrack track, HealthProbe probe, Instant now) {
        if (!track.probed()) {
            return new Health(Health.Status.UNKNOWN, "waiting for the first probe (" + probe.target() + ")");
        }
        if (track.failures() == 0) {
            return Health.HEALTHY;
        }
        String failing = probe.target() + ": " + track.lastFailure() + " " + times(track.failures()) + " since "
                + CLOCK.format(track.failingSince());
        int threshold = failureThreshold(probe);
        if (!track.everAnswered() && now.isBefore(graceEnds(track))) {
            return new Health(Health.Status.UNKNOWN, "booting (grace until " + CLOCK.format(graceEnds(track)) + "): "
                    + failing);
        }
        if (track.failures() < threshold) {
            Health.Status status = track.everAnswered() ? Health.Status.HEALTHY : Health.Status.UNKNOWN;
            return new Health(status, failing + " (unhealthy at " + threshold + ")");
        }
        return Health.unhealthy(failing);
    }

    /** The health of a guest whose role has no probe: only libvirt's state counts. */
    public static Health unprobed() {
        return new Health(Health.Status.UNKNOWN, "not probed: the role declares no TCP endpoint; libvirt state only");
    }

    private static String times(int n) {
        return n == 1 ? "once" : n + " times";
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
