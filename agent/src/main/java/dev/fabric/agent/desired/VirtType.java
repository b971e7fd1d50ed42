package dev.fabric.agent.desired;

import java.util.Locale;

/**
 * How guests are virtualised. {@code AUTO} is a host setting only: the I/O layer resolves it to KVM
 * when a KVM guest is seen to run, else QEMU (TCG), because on some hosts /dev/kvm exists and KVM
 * guests still hang. Domain XML is only ever built for a resolved type.
 */
public enum VirtType {
    KVM, QEMU, AUTO;

    public static VirtType parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("virt type '" + text + "' is not one of kvm, qemu, auto");
        }
    }

    /** The value of libvirt's {@code <domain type=...>}. */
    public String domainType() {
        if (this == AUTO) {
            throw new IllegalStateException("virt type auto must be resolved to kvm or qemu before building a domain");
        }
        return name().toLowerCase(Locale.ROOT);
    }
}
