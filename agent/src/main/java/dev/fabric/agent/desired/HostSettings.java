package dev.fabric.agent.desired;

import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.Ipv4Subnet;

/**
 * What an agent is told about its host.
 *
 * @param instanceSubnet  instances get their addresses here; network+1 is the host's bridge address (gateway)
 * @param externalAddress the host address where public ports of input endpoints are forwarded
 * @param bridge          the Linux bridge instance taps are attached to (e.g. fabbr0)
 * @param memoryScale     how vmsize memory is scaled down for this host
 * @param guestMemoryMiB  memory the host can give to guests in total
 * @param virtType        kvm, qemu or auto
 * @param libvirtUri      e.g. qemu:///system
 * @param imageName       the base image every instance boots from
 */
public record HostSettings(Ipv4Subnet instanceSubnet, Ipv4Address externalAddress, String bridge, MemoryScale memoryScale, long guestMemoryMiB,
                           VirtType virtType, String libvirtUri, String imageName) {
    public HostSettings {
        if (bridge == null || !bridge.matches("[A-Za-z0-9_.-]{1,15}")) {
            throw new IllegalArgumentException("bridge name '" + bridge + "' must be 1-15 of [A-Za-z0-9_.-]");
        }
        if (guestMemoryMiB < 1) {
            throw new IllegalArgumentException("guest memory capacity must be >= 1 MiB, was " + guestMemoryMiB);
        }
        if (instanceSubnet.prefixLength() > 28) {
            throw new IllegalArgumentException("instance subnet " + instanceSubnet
                    + " is too small: instances start at network+10, use a /28 or larger");
        }
    }
}
