package dev.fabric.firewall.verify;

import java.time.Duration;

/**
 * How a scan runs.
 *
 * @param timeout     how long one connect attempt may take before the port counts as filtered;
 *                    above one second so that the kernel's first SYN retransmission (after 1 s)
 *                    still gets its chance and one lost packet does not hide an open port
 * @param concurrency how many connect attempts may be in flight at once (each holds a socket)
 */
public record ScanOptions(Duration timeout, int concurrency) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(1500);
    public static final int DEFAULT_CONCURRENCY = 16384;
    public static final int MAX_CONCURRENCY = 65535;

    public ScanOptions {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be at least 1 ms, got "
                    + (timeout == null ? "none" : timeout.toMillis() + " ms"));
        }
        if (timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("timeout " + timeout.toMillis() + " ms is longer than 5 minutes");
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("concurrency must be 1-" + MAX_CONCURRENCY + ", got " + concurrency);
        }
    }

    public static ScanOptions defaults() {
        return new ScanOptions(DEFAULT_TIMEOUT, DEFAULT_CONCURRENCY);
    }
}
