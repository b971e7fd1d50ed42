package dev.fabric.agent.managed;

import dev.fabric.agent.desired.HostAssignment;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the controller last told this host, checked and in the agent's own terms: the generation,
 * per deployment the instances here and the peers elsewhere, the routes to other hosts' instance
 * subnets, and the other hosts for the majority check.
 */
public record ControllerAssignments(long generation, Map<String, HostAssignment> deployments, List<HostRoute> routes,
                                   List<FabricPeer> peers) {
    public static final ControllerAssignments NONE = new ControllerAssignments(0, Map.of(), List.of(), List.of());

    public ControllerAssignments {
        deployments = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(deployments));
        routes = List.copyOf(routes);
        peers = List.copyOf(peers);
    }
}
