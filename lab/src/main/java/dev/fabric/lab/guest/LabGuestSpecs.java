package dev.fabric.lab.guest;

import dev.fabric.agent.addressing.AddressAllocator;
import dev.fabric.agent.addressing.Assignment;
import dev.fabric.agent.desired.DesiredDeployment;
import dev.fabric.agent.desired.DesiredInstance;
import dev.fabric.agent.desired.DesiredStateBuilder;
import dev.fabric.agent.desired.HostSettings;
import dev.fabric.agent.desired.ImageCatalog;
import dev.fabric.agent.desired.ImageRef;
import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.desired.MemoryScale;
import dev.fabric.agent.desired.VirtType;
import dev.fabric.agent.spec.DomainNames;
import dev.fabric.agent.spec.InstanceSpec;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.lab.LabNetwork;
import dev.fabric.lab.placement.PlacedInstance;
import dev.fabric.servicedef.model.Service;

import java.util.ArrayList;
import java.util.List;

/**
 * Describes the lab's instances the way Fabric's agent does (desired state, address allocation,
 * {@link InstanceSpec}), so the lab boots what the product would. The agent's allocation on an empty
 * host must equal the sample placement the firewall ruleset is compiled for; a difference is an error.
 */
public final class LabGuestSpecs {
    /** Name of the lab's kernel image in the agent's terms. */
    public static final String IMAGE_NAME = "lab-tiny";
    /** Small-sized roles scaled down to 128 MiB guests: what the busybox guest needs. */
    static final MemoryScale MEMORY = new MemoryScale(1, 16, 128);

    private LabGuestSpecs() {
    }

    /** The domain name prefix of every instance of the service, e.g. {@code fabric.webfarm.}. */
    public static String domainPrefix(Service service) {
        return DomainNames.PREFIX + service.name() + ".";
    }

    /**
     * @param imageSha256 digest naming the kernel image (64 hex digits)
     * @param placed      the service's instances in sample placement order
     */
    public static List<LabGuest> of(Service service, List<PlacedInstance> placed, LabNetwork network, String imageSha256) {
        HostSettings host = new HostSettings(network.subnet(), Ipv4Address.parse(network.hostAddress()), network.bridge(),
                MEMORY, 4096, VirtType.QEMU, "qemu:///system", IMAGE_NAME);
        ImageCatalog images = ImageCatalog.of(new ImageRef(IMAGE_NAME, imageSha256, ImageRef.Kind.KERNEL));
        DesiredDeployment deployment = new DesiredStateBuilder(host, images).build(service, service.name());
        List<DesiredInstance> desired = deployment.instances();
        List<Assignment> assigned = new AddressAllocator(network.subnet())
                .allocate(desired.stream().map(DesiredInstance::id).toList(), List.of());
        if (desired.size() != placed.size()) {
            throw new IllegalStateException("the agent wants " + desired.size() + " instances of " + service.name()
                    + " but the sample placement has " + placed.size());
        }
        List<LabGuest> guests = new ArrayList<>();
        for (int i = 0; i < placed.size(); i++) {
            PlacedInstance p = placed.get(i);
            Assignment a = assigned.get(i);
            InstanceId expectedId = new InstanceId(service.name(), p.role().name(), p.indexInRole());
            if (!a.id().equals(expectedId) || !a.address().toString().equals(p.address())
                    || !a.mac().toString().equals(p.mac()) || !a.tap().equals(p.tap())) {
                throw new IllegalStateException("the agent places " + a.id() + " at " + a.address() + " " + a.mac() + " "
                        + a.tap() + " but the sample placement (the firewall's contract) has " + expectedId + " at "
                        + p.address() + " " + p.mac() + " " + p.tap());
            }
            DesiredInstance d = desired.get(i);
            guests.add(new LabGuest(p, InstanceSpec.of(d, a), d.settings()));
        }
        return List.copyOf(guests);
    }
}
