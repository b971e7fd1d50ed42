package dev.fabric.agent.libvirt;

import dev.fabric.agent.desired.VirtType;

import java.util.function.Supplier;

/**
 * Resolves the virt-type setting (decision 0512). Pure: the facts and the probe come from outside,
 * and the probe - the only costly step - runs only when KVM is offered and its device exists.
 */
public final class VirtTypeChooser {

    /** The type to build domains with, and why, for the agent's log and status. */
    public record Choice(VirtType type, String reason) {
    }

    private VirtTypeChooser() {
    }

    /**
     * @param kvmDevice whether /dev/kvm exists on the host
     * @param kvmProbe  boots the probe kernel under KVM with a deadline
     * @throws IllegalStateException when the explicit setting asks for a type libvirt does not offer
     */
    public static Choice choose(VirtType setting, HostCapabilities caps, boolean kvmDevice, Supplier<ProbeResult> kvmProbe) {
        switch (setting) {
            case KVM, QEMU -> {
                String type = setting.domainType();
                if (!caps.offers(type)) {
                    throw new IllegalStateException("virt type " + type + " is set, but libvirt offers only "
                            + caps.domainTypes() + " for x86_64 guests on this host; set the virt type to "
                            + (caps.offers("qemu") ? "qemu or auto" : "one it offers"));
                }
                return new Choice(setting, "set explicitly");
            }
            default -> {
                if (!caps.offers("qemu") && !caps.offers("kvm")) {
                    throw new IllegalStateException("libvirt offers neither kvm nor qemu domains for x86_64 guests on this"
                            + " host (offered: " + caps.domainTypes() + "); is the QEMU driver installed?");
                }
                if (!caps.offers("kvm")) {
                    return new Choice(VirtType.QEMU, "auto: libvirt offers no kvm domains");
                }
                if (!kvmDevice) {
                    return new Choice(VirtType.QEMU, "auto: /dev/kvm is absent");
                }
                ProbeResult probe = kvmProbe.get();
                if (probe.ran()) {
                    return new Choice(VirtType.KVM, "auto: a KVM probe guest ran (" + probe.detail() + ")");
                }
                if (!caps.offers("qemu")) {
                    throw new IllegalStateException("KVM is offered but its probe guest did not run (" + probe.detail()
                            + ") and libvirt offers no qemu (TCG) domains to fall back to");
                }
                return new Choice(VirtType.QEMU, "auto: KVM is offered but its probe guest did not run ("
                        + probe.detail() + "); using TCG");
            }
        }
    }
}
