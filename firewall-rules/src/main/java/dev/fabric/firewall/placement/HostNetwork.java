package dev.fabric.firewall.placement;

import java.util.List;

/**
 * The host side of the instance network.
 *
 * @param instanceSubnet    the subnet instances get their addresses from (traffic to and from it is Fabric's)
 * @param gateway           the host's address on the instance bridge, the instances' default route
 * @param externalAddresses the host addresses where public ports of input endpoints are DNATed
 * @param tapPrefix         every instance tap name starts with this; frames from an unknown tap with it are dropped
 */
public record HostNetwork(Ipv4Subnet instanceSubnet, Ipv4Address gateway, List<Ipv4Address> externalAddresses,
                          String tapPrefix) {
    public static final String DEFAULT_TAP_PREFIX = "fab-";

    public HostNetwork {
        externalAddresses = List.copyOf(externalAddresses);
        if (externalAddresses.isEmpty()) {
            throw new IllegalArgumentException("a host needs at least one external address");
        }
        if (!instanceSubnet.contains(gateway)) {
            throw new IllegalArgumentException("gateway " + gateway + " is outside the instance subnet " + instanceSubnet);
        }
        if (!tapPrefix.matches("[A-Za-z0-9_.-]{1,10}")) {
            throw new IllegalArgumentException("tap prefix '" + tapPrefix + "' must be 1-10 of [A-Za-z0-9_.-]");
        }
    }
}
