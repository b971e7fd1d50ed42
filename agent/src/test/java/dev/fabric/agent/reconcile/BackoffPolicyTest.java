package dev.fabric.agent.reconcile;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffPolicyTest {
    private static final Instant T0 = Instant.parse("2026-11-24T03:00:00Z");
    private final BackoffPolicy policy = new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(10));

    @Test
    void delaysDoubleUpToTheMaximum() {
        assertThat(policy.delayAfter(0)).isZero();
        assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(6)).isEqualTo(Duration.ofSeconds(32));
        assertThat(policy.delayAfter(7)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theFirstRestartIsImmediateAndLaterOnesWaitFromTheLastRestart() {
        FailureHistory none = FailureHistory.NONE;
        FailureHistory one = none.afterRestart(T0, "crashed");
        FailureHistory two = one.afterRestart(T0.plusSeconds(1), "crashed");

        assertThat(policy.nextAttempt(none, T0)).isEqualTo(T0);
        assertThat(policy.nextAttempt(one, T0)).isEqualTo(T0.plusSeconds(1));
        assertThat(policy.nextAttempt(two, T0.plusSeconds(1))).isEqualTo(T0.plusSeconds(3));
        assertThat(two).isEqualTo(new FailureHistory(2, T0.plusSeconds(1), "crashed"));
    }

    @Test
    void aLongHealthyPeriodResetsTheHistory() {
        FailureHistory five = new FailureHistory(5, T0, "unhealthy: tcp 80 refused");

        assertThat(policy.effective(five, T0.plus(Duration.ofMinutes(10)).minusMillis(1))).isEqualTo(five);
        assertThat(policy.effective(five, T0.plus(Duration.ofMinutes(10)))).isEqualTo(FailureHistory.NONE);
        assertThat(policy.nextAttempt(five, T0.plus(Duration.ofMinutes(11)))).isEqualTo(T0.plus(Duration.ofMinutes(11)));
    }

    @Test
    void nonsensicalPoliciesAreRefused() {
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("initial backoff must be > 0");
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("below the initial");
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5)))
                .hasMessageContaining("at least the maximum backoff");
    }
}
