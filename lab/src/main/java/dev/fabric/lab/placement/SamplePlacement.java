package dev.fabric.lab.placement;

import dev.fabric.servicedef.model.Role;
import dev.fabric.servicedef.model.Service;

import java.util.ArrayList;
import java.util.List;

/**
 * The sample placement contract: instances numbered k = 0,1,2,... over roles in definition order
 * and instances in index order; instance k gets address network+10+k, MAC 52:54:00 plus the last
 * three bytes of that address, and tap interface fab-k. The gateway is network+1.
 */
public final class SamplePlacement {
    static final int FIRST_INSTANCE_OFFSET = 10;

    private SamplePlacement() {
    }

    public static List<PlacedInstance> place(Service service, Ipv4Subnet subnet) {
        List<PlacedInstance> placed = new ArrayList<>();
        for (Role role : service.roles()) {
            for (int i = 0; i < role.instanceCount(); i++) {
                int k = placed.size();
                int offset = FIRST_INSTANCE_OFFSET + k;
                if (offset >= subnet.size() - 1) {
                    throw new IllegalArgumentException(subnet + " has no room for instance " + k + " ("
                            + role.name() + "_IN_" + i + "); use a larger subnet");
                }
                placed.add(new PlacedInstance(k, role, i, subnet.address(offset), subnet.prefixLength(),
                        subnet.gateway(), mac(subnet.network() + offset), "fab-" + k));
            }
        }
        return List.copyOf(placed);
    }

    static String mac(int address) {
        return String.format("52:54:00:%02x:%02x:%02x", (address >>> 16) & 0xff, (address >>> 8) & 0xff, address & 0xff);
    }
}
