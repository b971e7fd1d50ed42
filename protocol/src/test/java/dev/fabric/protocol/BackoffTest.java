package dev.fabric.protocol;

import dev.fabric.protocol.client.Backoff;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {
    @Test
    void ceilingsDoubleUpToTheMaximumAndDelaysStayBelowThem() {
        Backoff b = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), new Random(42));
        long[] expected = {200, 400, 800, 1600, 3200, 6400, 10000, 10000};
        for (long ceiling : expected) {
            assertThat(b.ceiling().toMillis()).isEqualTo(ceiling);
            assertThat(b.next().toMillis()).isBetween(50L, ceiling);
        }
    }

    @Test
    void jitterSpreadsAgentsThatLostTheControllerAtOnce() {
        Backoff b = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), new Random(7));
        for (int i = 0; i < 6; i++) {
            b.next();
        }
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 1000; i++) {
            long d = b.next().toMillis();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(max - min).as("delays of 1000 reconnects spread over most of the window").isGreaterThan(8_000);
    }

    @Test
    void resetStartsOverAndLongestJumpsToTheMaximum() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), new Random(1));
        b.next();
        b.next();
        b.reset();
        assertThat(b.ceiling()).isEqualTo(Duration.ofMillis(100));
        assertThat(b.longest()).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.ceiling()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), new Random()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
