package dev.fabric.agent.libvirt;

import dev.fabric.agent.desired.VirtType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The probe on a real libvirtd with QEMU (TCG): a 16 MiB guest without disk or NIC, so it touches no
 * bridge or tap of anyone else. Skipped when no libvirtd answers at qemu:///system.
 */
class VirtProbeQemuTest {
    private static final String URI = "qemu:///system";

    @TempDir
    Path tmp;

    private static LibvirtHost openOrSkip() {
        assumeTrue(Files.exists(Path.of("/run/libvirt/libvirt-sock")), "no libvirtd socket");
        try {
            return LibvirtHost.open(URI);
        } catch (LibvirtOperationException e) {
            assumeTrue(false, "libvirtd does not answer: " + e.getMessage());
            throw e;
        }
    }

    @Test
    void aTcgProbeGuestPrintsItsMarkerAndIsGoneAfterwards() {
        try (LibvirtHost host = openOrSkip()) {
            assumeTrue(HostCapabilities.parse(host.capabilities()).offers("qemu"), "no QEMU driver");

            ProbeResult r = new VirtProbe(host, tmp, Duration.ofSeconds(30)).run("qemu");

            assertThat(r.ran()).as(r.detail()).isTrue();
            assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(30));
            assertThat(host.domains()).noneMatch(d -> d.name().startsWith(VirtProbe.NAME_PREFIX));
        }
    }

    @Test
    void autoResolvesToQemuHereAndSaysWhy() {
        try (LibvirtHost host = openOrSkip()) {
            VirtTypeChooser.Choice c = VirtTypeResolver.defaults(tmp).resolve(host, VirtType.AUTO);
            assertThat(c.type()).isIn(VirtType.QEMU, VirtType.KVM);
            if (!Files.exists(Path.of("/dev/kvm"))) {
                assertThat(c.type()).isEqualTo(VirtType.QEMU);
                assertThat(c.reason()).containsAnyOf("/dev/kvm is absent", "no kvm domains");
            }
        }
    }
}
