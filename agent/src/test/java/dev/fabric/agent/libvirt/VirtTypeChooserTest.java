package dev.fabric.agent.libvirt;

import dev.fabric.agent.desired.VirtType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VirtTypeChooserTest {
    private static final HostCapabilities BOTH = new HostCapabilities(Set.of("qemu", "kvm"));
    private static final HostCapabilities TCG_ONLY = new HostCapabilities(Set.of("qemu"));
    private final AtomicInteger probes = new AtomicInteger();

    private Supplier<ProbeResult> probe(boolean ran) {
        return () -> {
            probes.incrementAndGet();
            return ran ? ProbeResult.ran(Duration.ofMillis(300))
                    : ProbeResult.failed(Duration.ofSeconds(10), "kvm probe guest printed nothing within 10000 ms");
        };
    }

    @Test
    void autoWithoutKvmDeviceIsQemuWithoutProbing() {
        VirtTypeChooser.Choice c = VirtTypeChooser.choose(VirtType.AUTO, BOTH, false, probe(true));
        assertThat(c.type()).isEqualTo(VirtType.QEMU);
        assertThat(c.reason()).contains("/dev/kvm is absent");
        assertThat(probes).hasValue(0);
    }

    @Test
    void autoWhenLibvirtOffersNoKvmIsQemuWithoutProbing() {
        assertThat(VirtTypeChooser.choose(VirtType.AUTO, TCG_ONLY, true, probe(true)).type()).isEqualTo(VirtType.QEMU);
        assertThat(probes).hasValue(0);
    }

    @Test
    void autoPicksKvmOnlyWhenItsProbeGuestRan() {
        VirtTypeChooser.Choice c = VirtTypeChooser.choose(VirtType.AUTO, BOTH, true, probe(true));
        assertThat(c.type()).isEqualTo(VirtType.KVM);
        assertThat(c.reason()).contains("probe guest ran");
        assertThat(probes).hasValue(1);
    }

    @Test
    void autoFallsBackToQemuWhenKvmIsOfferedButHangs() {
        VirtTypeChooser.Choice c = VirtTypeChooser.choose(VirtType.AUTO, BOTH, true, probe(false));
        assertThat(c.type()).isEqualTo(VirtType.QEMU);
        assertThat(c.reason()).contains("did not run").contains("printed nothing");
    }

    @Test
    void aHangingKvmWithNothingToFallBackToIsAnError() {
        assertThatThrownBy(() -> VirtTypeChooser.choose(VirtType.AUTO, new HostCapabilities(Set.of("kvm")), true, probe(false)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no qemu (TCG) domains");
    }

    @Test
    void explicitSettingsAreHonouredWithoutProbing() {
        assertThat(VirtTypeChooser.choose(VirtType.KVM, BOTH, false, probe(false)).type()).isEqualTo(VirtType.KVM);
        assertThat(VirtTypeChooser.choose(VirtType.QEMU, BOTH, true, probe(true)).type()).isEqualTo(VirtType.QEMU);
        assertThat(probes).hasValue(0);
    }

    @Test
    void anExplicitTypeLibvirtDoesNotOfferIsAnErrorThatSaysWhatToSet() {
        assertThatThrownBy(() -> VirtTypeChooser.choose(VirtType.KVM, TCG_ONLY, true, probe(true)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("virt type kvm is set")
                .hasMessageContaining("[qemu]").hasMessageContaining("qemu or auto");
    }

    @Test
    void aHostWithoutQemuDriverIsAnError() {
        assertThatThrownBy(() -> VirtTypeChooser.choose(VirtType.AUTO, new HostCapabilities(Set.of("test")), true, probe(true)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("QEMU driver");
    }
}
