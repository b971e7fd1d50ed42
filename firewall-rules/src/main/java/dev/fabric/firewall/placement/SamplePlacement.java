package dev.fabric.firewall.placement;

import dev.fabric.servicedef.model.Role;
import dev.fabric.servicedef.model.Service;

import java.util.ArrayList;
import java.util.List;

/**
 * The project's sample placement contract (single host): for subnet N/len the gateway is N+1;
 * instances are numbered k = 0,1,2,... over roles in definition order, instances in index order;
 * instance k gets address N+10+k, MAC 52:54:00 + the last three bytes of its address, tap
 * {@code fab-k}. The external address is the given host address, by default N+1.
 */
public final class SamplePlacement {
    private static final int FIRST_INSTANCE_OFFSET = 10;

    private SamplePlacement() {
    }

    /** The host network for {@code subnet} with external address {@code hostAddress} (null: network+1). */
    public static HostNetwork network(Ipv4Subnet subnet, Ipv4Address hostAddress) {
        Ipv4Address gateway = subnet.network().plus(1);
        return new HostNetwork(subnet, gateway, List.of(hostAddress == null ? gateway : hostAddress),
                HostNetwork.DEFAULT_TAP_PREFIX);
    }

    /** Places every instance of {@code service} as deployment {@code name} in {@code subnet}. */
    public static HostDeployment place(String name, Service service, Ipv4Subnet subnet) {
        int total = service.roles().stream().mapToInt(Role::instanceCount).sum();
        // Addresses N+10 .. N+10+total-1 must stay below the broadcast address.
        if (FIRST_INSTANCE_OFFSET + (long) total > subnet.size() - 1) {
            throw new IllegalArgumentException("subnet " + subnet + " is too small for " + total
                    + " instances (they start at network+" + FIRST_INSTANCE_OFFSET + "); use a larger subnet");
        }
        List<InstancePlacement> instances = new ArrayList<>(total);
        int k = 0;
        for (Role role : service.roles()) {
            for (int i = 0; i < role.instanceCount(); i++, k++) {
                Ipv4Address address = subnet.network().plus(FIRST_INSTANCE_OFFSET + k);
                instances.add(new InstancePlacement(name, role.name(), i, address, macFor(address), "fab-" + k));
            }
        }
        return new HostDeployment(name, service, instances);
    }

    /** 52:54:00 (the QEMU/KVM prefix) followed by the last three bytes of the address. */
    public static MacAddress macFor(Ipv4Address a) {
        return new MacAddress(String.format("52:54:00:%02x:%02x:%02x", a.octet(1), a.octet(2), a.octet(3)));
    }
}
