package dev.fabric.firewall.verify;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * How many more sockets this process may open: every connect attempt in flight holds one file
 * descriptor, and the soft limit ({@code ulimit -n}) would otherwise turn a big scan into
 * "Too many open files" half way through.
 */
final class FileDescriptorBudget {

    /** Descriptors left for the rest of the JVM (jars, logs, the selector itself). */
    static final int RESERVE = 256;

    private FileDescriptorBudget() {
    }

    /** Attempts that may be in flight at once, at most {@code wanted}; at least 1. */
    static int cap(int wanted) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long free = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount() - RESERVE;
            return (int) Math.max(1, Math.min(wanted, free));
        }
        return wanted;
    }
}
