package dev.fabric.protocol.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Durations in microseconds, counted into fixed log-linear buckets (exact below 64 µs, then 16 buckets
 * per power of two: about 6 % resolution up to 2^40 µs). Recording is one array increment, no
 * allocation, safe from any number of threads: cheap enough for every heartbeat on an event loop.
 */
public final class LatencyHistogram {
    private static final int LINEAR = 64;
    private static final int SUB = 16;
    private static final int MAX_EXPONENT = 40;
    private static final int BUCKETS = LINEAR + (MAX_EXPONENT - 5) * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    public void recordMicros(long micros) {
        counts.incrementAndGet(bucket(Math.max(0, micros)));
    }

    public void recordNanos(long nanos) {
        recordMicros(nanos / 1000);
    }

    /** The counts so far, and zero from now on (counts recorded meanwhile land in one or the other, never lost). */
    public Snapshot snapshotAndReset() {
        long[] c = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            c[i] = counts.getAndSet(i, 0);
        }
        return new Snapshot(c);
    }

    public Snapshot snapshot() {
        long[] c = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            c[i] = counts.get(i);
        }
        return new Snapshot(c);
    }

    static int bucket(long v) {
        if (v < LINEAR) {
            return (int) v;
        }
        int e = 63 - Long.numberOfLeadingZeros(v); // >= 6
        if (e > MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) ((v >> (e - 4)) & (SUB - 1));
        return LINEAR + (e - 6) * SUB + sub;
    }

    /** The largest value that lands in bucket {@code i}: percentiles are reported as upper bounds. */
    static long upperBound(int i) {
        if (i < LINEAR) {
            return i;
        }
        int e = (i - LINEAR) / SUB + 6;
        int sub = (i - LINEAR) % SUB;
        long low = (1L << e) + ((long) sub << (e - 4));
        return low + (1L << (e - 4)) - 1;
    }

    /** Counts taken at one moment; can be merged with others. */
    public static final class Snapshot {
        private final long[] counts;

        private Snapshot(long[] counts) {
            this.counts = counts;
        }

        public static Snapshot empty() {
            return new Snapshot(new long[BUCKETS]);
        }

        public Snapshot plus(Snapshot other) {
            long[] c = counts.clone();
            for (int i = 0; i < BUCKETS; i++) {
                c[i] += other.counts[i];
            }
            return new Snapshot(c);
        }

        public long count() {
            long n = 0;
            for (long c : counts) {
                n += c;
            }
            return n;
        }

        /** The upper bound of the bucket holding the {@code p}-th percentile (0 < p <= 100); 0 when empty. */
        public long percentileMicros(double p) {
            long n = count();
            if (n == 0) {
                return 0;
            }
            long rank = Math.max(1, (long) Math.ceil(p / 100.0 * n));
            long seen = 0;
            for (int i = 0; i < BUCKETS; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return upperBound(i);
                }
            }
            return upperBound(BUCKETS - 1);
        }

        public long maxMicros() {
            for (int i = BUCKETS - 1; i >= 0; i--) {
                if (counts[i] != 0) {
                    return upperBound(i);
                }
            }
            return 0;
        }

        /** "n=1200 p50=0.210 ms p99=1.9 ms max=4.1 ms" */
        @Override
        public String toString() {
            return "n=" + count() + " p50=" + ms(percentileMicros(50)) + " p99=" + ms(percentileMicros(99))
                    + " max=" + ms(maxMicros());
        }

        private static String ms(long micros) {
            return String.format(java.util.Locale.ROOT, "%.3f ms", micros / 1000.0);
        }
    }
}
