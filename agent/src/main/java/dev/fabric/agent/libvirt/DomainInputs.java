package dev.fabric.agent.libvirt;

import dev.fabric.agent.desired.VirtType;
import dev.fabric.agent.spec.InstanceSpec;

import java.nio.file.Path;

/**
 * Everything a domain definition is made from: the instance spec plus where this host keeps the
 * instance's files.
 *
 * @param virtType    kvm or qemu (auto must already be resolved)
 * @param bridge      the Linux bridge the instance's tap joins
 * @param configDrive the raw {@code cidata} volume (cloud-init NoCloud seed)
 * @param consoleLog  file the serial console is written to
 */
public record DomainInputs(InstanceSpec spec, VirtType virtType, String bridge, BootSource boot, Path configDrive,
                           Path consoleLog) {
    public DomainInputs {
        if (virtType == VirtType.AUTO) {
            throw new IllegalArgumentException("virt type auto must be resolved to kvm or qemu before building domain "
                    + spec.domainName());
        }
        if ((boot instanceof BootSource.Disk) != (spec.image().kind() == dev.fabric.agent.desired.ImageRef.Kind.DISK)) {
            throw new IllegalArgumentException(spec.id() + ": image " + spec.image().name() + " is a "
                    + spec.image().kind().name().toLowerCase(java.util.Locale.ROOT) + " image but the boot source is " + boot);
        }
    }
}
