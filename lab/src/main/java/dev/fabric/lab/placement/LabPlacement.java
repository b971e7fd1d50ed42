package dev.fabric.lab.placement;

import dev.fabric.firewall.placement.InstancePlacement;
import dev.fabric.firewall.placement.Ipv4Subnet;
import dev.fabric.firewall.placement.SamplePlacement;
import dev.fabric.servicedef.model.Role;
import dev.fabric.servicedef.model.Service;

import java.util.ArrayList;
import java.util.List;

/**
 * Places a service's instances with the project's sample placement (the same code the firewall
 * compiles its ruleset from) and adds what booting a guest needs: the role, prefix length and gateway.
 */
public final class LabPlacement {
    private LabPlacement() {
    }

    public static List<PlacedInstance> place(Service service, Ipv4Subnet subnet) {
        String gateway = SamplePlacement.network(subnet, null).gateway().toString();
        List<PlacedInstance> placed = new ArrayList<>();
        for (InstancePlacement p : SamplePlacement.place(service.name(), service, subnet).instances()) {
            Role role = service.role(p.role()).orElseThrow();
            placed.add(new PlacedInstance(placed.size(), role, p.index(), p.address().toString(), subnet.prefixLength(),
                    gateway, p.mac().toString(), p.tap()));
        }
        return List.copyOf(placed);
    }
}
