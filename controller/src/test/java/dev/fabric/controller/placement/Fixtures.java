package dev.fabric.controller.placement;

import dev.fabric.controller.inventory.InventoryHost;
import dev.fabric.controller.inventory.Ipv4Subnet;
import dev.fabric.controller.model.Assignment;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Small builders for placement tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** Host {@code name} in {@code rack}, address 10.214.0.{n}, instance subnet 10.213.{n}.0/24. */
    static LiveHost host(String name, String rack, int n, int cpus, long memoryMiB) {
        return new LiveHost(new InventoryHost(name, "10.214.0." + n, rack,
                Ipv4Subnet.parse("10.213." + n + ".0/24")), cpus, memoryMiB);
    }

    static RoleDemand role(String name, int count, int vcpus, long memoryMiB) {
        return new RoleDemand(name, count, new Resources(vcpus, memoryMiB));
    }

    static DeploymentDemand deployment(String name, RoleDemand... roles) {
        return new DeploymentDemand(name, 5, List.of(roles));
    }

    static PlacementPlan placed(PlacementResult result) {
        if (result instanceof PlacementResult.Placed p) {
            return p.plan();
        }
        throw new AssertionError("expected a plan, got " + result);
    }

    static Map<String, Long> countBy(List<Assignment> assignments, Function<Assignment, String> key) {
        return assignments.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }
}
