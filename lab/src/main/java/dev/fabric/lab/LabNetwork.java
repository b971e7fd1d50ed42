package dev.fabric.lab;

import dev.fabric.firewall.placement.Ipv4Subnet;

/**
 * The lab network contract (see lab/scripts/common.sh, which sets it up): libvirtd and the
 * instance bridge live in {@code labNamespace}; {@code outsideNamespace} is "the outside", reaching
 * the instance subnet and the host's external address through a veth pair.
 */
public record LabNetwork(String labNamespace, String outsideNamespace, String bridge, Ipv4Subnet subnet,
                         String hostAddress) {

    public static final LabNetwork CONTRACT = new LabNetwork("fabric-lab", "fabric-outside", "fabbr0",
            Ipv4Subnet.parse("10.213.0.0/24"), "10.213.255.1");
}
