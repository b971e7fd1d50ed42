package dev.fabric.protocol.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyHistogramTest {
    @Test
    void bucketsAreExactBelow64AndWithinASixteenthAbove() {
        for (long v : new long[]{0, 1, 63, 64, 65, 100, 1000, 49_999, 1_000_000, 123_456_789}) {
            int b = LatencyHistogram.bucket(v);
            long upper = LatencyHistogram.upperBound(b);
            assertThat(upper).as("upper bound of %d", v).isGreaterThanOrEqualTo(v).isLessThanOrEqualTo(v + Math.max(0, v / 16));
            if (b > 0) {
                assertThat(LatencyHistogram.upperBound(b - 1)).as("previous bucket of %d", v).isLessThan(v);
            }
        }
    }

    @Test
    void percentilesCountFromTheBottomAndSnapshotsReset() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 100; i++) {
            h.recordMicros(i * 1000L); // 1 ms .. 100 ms
        }
        LatencyHistogram.Snapshot s = h.snapshotAndReset();
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.percentileMicros(50)).isBetween(50_000L, 53_200L);
        assertThat(s.percentileMicros(99)).isBetween(99_000L, 105_200L);
        assertThat(s.maxMicros()).isBetween(100_000L, 106_300L);
        assertThat(h.snapshot().count()).isZero();
        assertThat(s.plus(s).count()).isEqualTo(200);
        assertThat(LatencyHistogram.Snapshot.empty().percentileMicros(99)).isZero();
    }
}
