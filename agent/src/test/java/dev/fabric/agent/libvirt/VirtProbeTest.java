package dev.fabric.agent.libvirt;

import dev.fabric.agent.desired.VirtType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The probe against the test driver: its guests "run" but execute nothing, exactly like a hanging
 * KVM, so the probe must give up at its deadline and leave no domain behind.
 */
class VirtProbeTest {
    @TempDir
    Path tmp;
    private LibvirtHost host;

    @BeforeEach
    void open() {
        host = LibvirtHost.open("test:///default");
    }

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void aGuestThatPrintsNothingFailsAtTheDeadlineAndIsRemoved() throws Exception {
        ProbeResult r = new VirtProbe(host, tmp, Duration.ofMillis(800)).run("test");

        assertThat(r.ran()).isFalse();
        assertThat(r.detail()).contains("printed nothing within 800 ms");
        assertThat(r.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(800)).isLessThan(Duration.ofSeconds(30));
        assertThat(host.domains()).noneMatch(d -> d.name().startsWith(VirtProbe.NAME_PREFIX));
        try (var left = Files.list(tmp)) {
            assertThat(left).as("probe files are removed").isEmpty();
        }
    }

    @Test
    void theProbeDomainPassesLibvirtsSchema() throws Exception {
        Tools.Result r = Tools.validateDomain(tmp, VirtProbe.xml("qemu", "fabric-virt-probe-1", tmp.resolve("probe.bin"),
                tmp.resolve("console.log")));
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void aTypeLibvirtCannotStartFailsAtOnceWithLibvirtsReason() {
        ProbeResult r = new VirtProbe(host, tmp, Duration.ofSeconds(10)).run("bogus");

        assertThat(r.ran()).isFalse();
        assertThat(r.detail()).contains("could not be started");
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void autoOnAHostWithoutQemuDriverSaysSo() throws Exception {
        Path fakeKvm = Files.createFile(tmp.resolve("kvm"));
        assertThatThrownBy(() -> new VirtTypeResolver(fakeKvm, tmp, Duration.ofSeconds(1)).resolve(host, VirtType.AUTO))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("offered: []").hasMessageContaining("QEMU driver");
    }
}
