package dev.fabric.controller.placement;

import dev.fabric.controller.model.Assignment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What placement decides from: the hosts it may use, every deployment's demand (for the sizes of
 * instances already placed) and every assignment of every deployment, also those on hosts that are down.
 */
public record FabricState(List<LiveHost> liveHosts, Map<String, DeploymentDemand> deployments,
                          List<Assignment> assignments) {
    public FabricState {
        liveHosts = List.copyOf(liveHosts);
        deployments = Map.copyOf(deployments);
        assignments = List.copyOf(assignments);
        if (liveHosts.stream().map(LiveHost::name).distinct().count() != liveHosts.size()) {
            throw new IllegalArgumentException("a live host is listed twice");
        }
        for (Assignment a : assignments) {
            DeploymentDemand d = deployments.get(a.instance().deployment());
            if (d == null || d.role(a.instance().role()).isEmpty()) {
                throw new IllegalArgumentException("assignment " + a.instance() + " belongs to no known deployment role");
            }
        }
    }

    public static FabricState of(List<LiveHost> liveHosts, List<DeploymentDemand> deployments, List<Assignment> assignments) {
        Map<String, DeploymentDemand> byName = new HashMap<>();
        deployments.forEach(d -> byName.put(d.deployment(), d));
        return new FabricState(liveHosts, byName, assignments);
    }

    /** What one placed instance takes from its host. */
    Resources need(Assignment a) {
        return deployments.get(a.instance().deployment()).role(a.instance().role()).orElseThrow().perInstance();
    }

    /** The state after a plan is carried out, with {@code deployment} as the demand of its deployment. */
    public FabricState apply(DeploymentDemand deployment, PlacementPlan plan) {
        Map<String, DeploymentDemand> next = new HashMap<>(deployments);
        next.put(deployment.deployment(), deployment);
        return new FabricState(liveHosts, next, plan.applyTo(assignments));
    }
}
