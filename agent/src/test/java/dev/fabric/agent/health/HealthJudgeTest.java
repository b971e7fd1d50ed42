package dev.fabric.agent.health;

import dev.fabric.agent.reconcile.Health;
import dev.fabric.servicedef.model.HealthProbe;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The judge on hand-made histories; time is an argument, nothing sleeps. */
class HealthJudgeTest {
    private static final Instant BOOT = Instant.parse("2026-11-24T12:00:00Z");
    private static final HealthProbe TCP = new HealthProbe(HealthProbe.Protocol.TCP, 8080, "/", Duration.ofSeconds(15),
            Duration.ofSeconds(31), "default: InputEndpoint HttpIn");
    private static final HealthJudge JUDGE = new HealthJudge(new HealthSettings(Duration.ofMinutes(2), 2, Duration.ofSeconds(5)));

    private static Instant at(long seconds) {
        return BOOT.plusSeconds(seconds);
    }

    private static ProbeTrack failures(ProbeTrack t, long fromSecond, int count, String detail) {
        for (int i = 0; i < count; i++) {
            t = t.with(ProbeOutcome.failed(at(fromSecond + 15L * i), detail));
        }
        return t;
    }

    @Test
    void beforeTheFirstProbeTheInstanceIsUnknown() {
        Health h = JUDGE.verdict(ProbeTrack.startedAt(BOOT), TCP, at(1));

        assertThat(h.status()).isEqualTo(Health.Status.UNKNOWN);
        assertThat(h.reason()).isEqualTo("waiting for the first probe (tcp 8080)");
    }

    @Test
    void thresholdSpansTheProbesTimeoutAndIsNeverBelowTheMinimum() {
        assertThat(JUDGE.failureThreshold(TCP)).isEqualTo(3); // 31 s at 15 s intervals
        HealthProbe quick = new HealthProbe(HealthProbe.Protocol.TCP, 1, "/", Duration.ofSeconds(30), Duration.ofSeconds(11), "p");
        assertThat(JUDGE.failureThreshold(quick)).isEqualTo(2);
        assertThat(JUDGE.attemptDeadline(TCP)).isEqualTo(Duration.ofSeconds(5));
        HealthProbe fast = new HealthProbe(HealthProbe.Protocol.TCP, 1, "/", Duration.ofMillis(200), Duration.ofSeconds(1), "p");
        assertThat(JUDGE.attemptDeadline(fast)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aBootingGuestThatDoesNotAnswerIsNotUnhealthyBeforeItsGracePeriodEnds() {
        ProbeTrack t = failures(ProbeTrack.startedAt(BOOT), 0, 8, "connection refused"); // 0 .. 105 s

        Health during = JUDGE.verdict(t, TCP, at(119));
        assertThat(during.status()).isEqualTo(Health.Status.UNKNOWN);
        assertThat(during.reason()).isEqualTo("booting (grace until 12:02:00): tcp 8080: connection refused 8 times since 12:00:00");

        Health after = JUDGE.verdict(t, TCP, at(120));
        assertThat(after.status()).isEqualTo(Health.Status.UNHEALTHY);
        assertThat(after.reason()).isEqualTo("tcp 8080: connection refused 8 times since 12:00:00");
    }

    @Test
    void aFirstAnswerEndsTheGracePeriodSoLaterFailuresCountAtOnce() {
        ProbeTrack t = ProbeTrack.startedAt(BOOT).with(ProbeOutcome.ok(at(10)));
        assertThat(JUDGE.verdict(t, TCP, at(11))).isEqualTo(Health.HEALTHY);

        t = failures(t, 25, 2, "no answer within 5 s");
        Health two = JUDGE.verdict(t, TCP, at(45));
        assertThat(two.status()).isEqualTo(Health.Status.HEALTHY); // below the threshold of 3: one lost probe restarts nothing
        assertThat(two.reason()).isEqualTo("tcp 8080: no answer within 5 s 2 times since 12:00:25 (unhealthy at 3)");

        t = failures(t, 55, 1, "connection refused");
        Health three = JUDGE.verdict(t, TCP, at(56)); // well inside the 2 minutes: the guest had answered
        assertThat(three).isEqualTo(Health.unhealthy("tcp 8080: connection refused 3 times since 12:00:25"));
    }

    @Test
    void aSuccessClearsTheRunOfFailures() {
        ProbeTrack t = ProbeTrack.startedAt(BOOT).with(ProbeOutcome.ok(at(1)));
        t = failures(t, 15, 2, "connection refused").with(ProbeOutcome.ok(at(45)));
        t = failures(t, 60, 2, "HTTP 500 Internal Server Error");

        assertThat(t.failures()).isEqualTo(2);
        assertThat(JUDGE.verdict(t, TCP, at(80)).status()).isEqualTo(Health.Status.HEALTHY);
        assertThat(JUDGE.verdict(t.with(ProbeOutcome.failed(at(90), "HTTP 500 Internal Server Error")), TCP, at(91)))
                .isEqualTo(Health.unhealthy("tcp 8080: HTTP 500 Internal Server Error 3 times since 12:01:00"));
    }

    @Test
    void aGuestThatNeverAnsweredAndFailsTooFewTimesAfterGraceIsStillUnknown() {
        ProbeTrack t = failures(ProbeTrack.startedAt(BOOT), 200, 1, "connection refused");

        Health h = JUDGE.verdict(t, TCP, at(201));
        assertThat(h.status()).isEqualTo(Health.Status.UNKNOWN);
        assertThat(h.reason()).isEqualTo("tcp 8080: connection refused once since 12:03:20 (unhealthy at 3)");
    }

    @Test
    void outcomesOfAnEarlierBootAreIgnored() {
        ProbeTrack t = ProbeTrack.startedAt(at(100)).with(ProbeOutcome.failed(at(99), "connection refused"));

        assertThat(t.probed()).isFalse();
        assertThat(t.failures()).isZero();
    }

    @Test
    void aRoleWithoutProbeIsJudgedByLibvirtAlone() {
        assertThat(HealthJudge.unprobed().status()).isEqualTo(Health.Status.UNKNOWN);
        assertThat(HealthJudge.unprobed().reason()).contains("libvirt state only");
    }
}
