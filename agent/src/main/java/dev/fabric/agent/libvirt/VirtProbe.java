package dev.fabric.agent.libvirt;

import org.libvirt.Domain;
import org.libvirt.LibvirtException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Proves that guests of a virt type really run: boots {@link ProbeKernel} in a tiny transient
 * domain (16 MiB, no disk, no NIC, serial console to a file) and waits for its marker until a
 * deadline. The domain is created with AUTODESTROY, so it dies with the connection even if the agent
 * does, and is destroyed as soon as the answer is known. Under TCG the marker appears in about 0.5 s.
 */
public final class VirtProbe {
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);
    static final String NAME_PREFIX = "fabric-virt-probe-";
    private static final int START_AUTODESTROY = 2;
    private static final long POLL_MS = 100;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final LibvirtHost host;
    private final Path workDir;
    private final Duration deadline;

    /** @param workDir where the probe kernel and console file are written (removed afterwards) */
    public VirtProbe(LibvirtHost host, Path workDir, Duration deadline) {
        this.host = host;
        this.workDir = workDir;
        this.deadline = deadline;
    }

    public ProbeResult run(String domainType) {
        long start = System.nanoTime();
        Path dir;
        try {
            Files.createDirectories(workDir);
            dir = Files.createTempDirectory(workDir, "virt-probe");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the virt-type probe's directory under " + workDir, e);
        }
        String name = NAME_PREFIX + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        Domain domain = null;
        try {
            Path kernel = dir.resolve("probe.bin");
            Path console = dir.resolve("console.log");
            Files.write(kernel, ProbeKernel.image());
            domain = create(xml(domainType, name, kernel, console));
            while (elapsed(start).compareTo(deadline) < 0) {
                if (read(console).contains(ProbeKernel.MARKER)) {
                    return ProbeResult.ran(elapsed(start));
                }
                if (domain.isActive() != 1) {
                    return ProbeResult.failed(elapsed(start), domainType + " probe guest stopped without printing its marker");
                }
                Thread.sleep(POLL_MS);
            }
            return ProbeResult.failed(elapsed(start), domainType + " probe guest printed nothing within "
                    + deadline.toMillis() + " ms (a KVM that hangs looks like this)");
        } catch (LibvirtException e) {
            return ProbeResult.failed(elapsed(start), domainType + " probe guest could not be started: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("virt-type probe files under " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.failed(elapsed(start), "interrupted");
        } finally {
            stop(domain);
            delete(dir);
        }
    }

    /**
     * AUTODESTROY keeps a probe guest from outliving a killed agent (a hanging KVM guest burns a CPU).
     * Drivers without it (the test driver) reject the flag; there the guest is destroyed in the finally.
     */
    private Domain create(String xml) throws LibvirtException {
        try {
            return host.connection().domainCreateXML(xml, START_AUTODESTROY);
        } catch (LibvirtException e) {
            if (e.getError().getCode() != org.libvirt.Error.ErrorNumber.VIR_ERR_INVALID_ARG) {
                throw e;
            }
            return host.connection().domainCreateXML(xml, 0);
        }
    }

    static String xml(String domainType, String name, Path kernel, Path console) {
        return "<domain type='" + domainType + "'><name>" + name + "</name>"
                + "<title>Fabric virt-type probe (transient, removes itself)</title>"
                + "<memory unit='MiB'>16</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type><kernel>" + kernel + "</kernel></os>"
                + "<on_poweroff>destroy</on_poweroff><on_reboot>destroy</on_reboot><on_crash>destroy</on_crash>"
                + "<devices><serial type='file'><source path='" + console + "'/><target port='0'/></serial>"
                + "<memballoon model='none'/></devices></domain>";
    }

    private static String read(Path console) throws IOException {
        try {
            return Files.readString(console, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void stop(Domain domain) {
        if (domain == null) {
            return;
        }
        try {
            if (domain.isActive() == 1) {
                domain.destroy();
            }
        } catch (LibvirtException e) {
            // Transient with AUTODESTROY: it goes away with the connection at the latest.
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp directory is harmless.
        }
    }
}
