package dev.fabric.agent.managed;

import dev.fabric.firewall.placement.Ipv4Subnet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What to change so that the kernel's Fabric routes (tagged with {@link KernelRoutes#PROTOCOL}) are
 * exactly the controller's: routes to add or re-point, and subnets whose route goes. Routes without
 * Fabric's tag are never in {@code current} and never touched. Pure.
 */
public record RoutePlan(List<HostRoute> replace, List<Ipv4Subnet> delete) {
    public RoutePlan {
        replace = List.copyOf(replace);
        delete = List.copyOf(delete);
    }

    public static RoutePlan of(List<HostRoute> desired, List<HostRoute> current) {
        Map<Ipv4Subnet, HostRoute> have = new HashMap<>();
        current.forEach(r -> have.put(r.subnet(), r));
        Map<Ipv4Subnet, HostRoute> want = new HashMap<>();
        for (HostRoute r : desired) {
            HostRoute other = want.putIfAbsent(r.subnet(), r);
            if (other != null && !other.equals(r)) {
                throw new ControllerStateException("routes: " + r.subnet() + " is routed via both " + other.via() + " and " + r.via());
            }
        }
        List<HostRoute> replace = new ArrayList<>();
        want.values().stream().filter(r -> !r.equals(have.get(r.subnet())))
                .sorted(java.util.Comparator.comparing(r -> r.subnet().toString())).forEach(replace::add);
        List<Ipv4Subnet> delete = have.keySet().stream().filter(s -> !want.containsKey(s))
                .sorted(java.util.Comparator.comparing(Ipv4Subnet::toString)).toList();
        return new RoutePlan(replace, delete);
    }

    public boolean isEmpty() {
        return replace.isEmpty() && delete.isEmpty();
    }
}
