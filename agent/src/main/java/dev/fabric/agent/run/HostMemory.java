package dev.fabric.agent.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code memory.guest-mib = auto}: what this host can give to guests, its physical memory
 * ({@code MemTotal} in /proc/meminfo) minus a reserve for the host itself (the agent, libvirtd, QEMU's
 * own overhead per guest), so "more memory than the host has" is judged against the real machine.
 */
public final class HostMemory {
    public static final Path MEMINFO = Path.of("/proc/meminfo");
    /** Kept for the host: a quarter of its memory, at least 512 MiB. */
    static final long MIN_RESERVE_MIB = 512;

    private HostMemory() {
    }

    public static long guestMiB(Path meminfo) {
        long total = totalMiB(meminfo);
        long reserve = Math.max(MIN_RESERVE_MIB, total / 4);
        if (total <= reserve) {
            throw new IllegalArgumentException("this host has only " + total + " MiB of memory, all of it reserved for the"
                    + " host (" + reserve + " MiB); set memory.guest-mib explicitly");
        }
        return total - reserve;
    }

    static long totalMiB(Path meminfo) {
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemTotal:")) {
                    String[] f = line.substring("MemTotal:".length()).trim().split("\\s+");
                    return Long.parseLong(f[0]) / 1024; // kB
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("auto: cannot read MemTotal from " + meminfo + " (" + e.getMessage()
                    + "); set memory.guest-mib to a number of MiB");
        }
        throw new IllegalArgumentException("auto: " + meminfo + " has no MemTotal line; set memory.guest-mib to a number of MiB");
    }
}
