package dev.fabric.controller.push;

import dev.fabric.controller.inventory.InventoryHost;
import dev.fabric.controller.liveness.PeerGroups;
import dev.fabric.controller.model.Assignment;
import dev.fabric.controller.model.DeploymentRecord;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The fabric's state indexed once for composing many hosts' desired states: a push to all 10,000
 * hosts must not scan every assignment per host. Immutable; build a new one when the store's
 * generation or the inventory changes.
 */
public final class FabricSnapshot {
    private final long generation;
    private final Map<String, DeploymentRecord> deployments = new TreeMap<>();
    private final Map<String, List<Assignment>> assignmentsByDeployment = new HashMap<>();
    private final Map<String, SortedSet<String>> deploymentsByHost = new HashMap<>();
    private final Map<String, InventoryHost> hosts = new HashMap<>();
    private final PeerGroups peerGroups;

    public FabricSnapshot(long generation, Collection<DeploymentRecord> deployments, Collection<Assignment> assignments,
                          Collection<InventoryHost> hosts, PeerGroups peerGroups) {
        this.generation = generation;
        deployments.forEach(d -> this.deployments.put(d.name(), d));
        assignments.stream().filter(a -> this.deployments.containsKey(a.instance().deployment()))
                .collect(Collectors.groupingBy(a -> a.instance().deployment()))
                .forEach((name, list) -> assignmentsByDeployment.put(name,
                        list.stream().sorted(Comparator.comparing(Assignment::instance)).toList()));
        assignmentsByDeployment.forEach((name, list) -> list.forEach(a ->
                deploymentsByHost.computeIfAbsent(a.host(), h -> new TreeSet<>()).add(name)));
        hosts.forEach(h -> this.hosts.put(h.name(), h));
        this.peerGroups = peerGroups;
    }

    public long generation() {
        return generation;
    }

    /** The deployments with an instance on {@code host}, by name. */
    SortedSet<String> deploymentsOn(String host) {
        return deploymentsByHost.getOrDefault(host, new TreeSet<>());
    }

    DeploymentRecord deployment(String name) {
        return deployments.get(name);
    }

    /** A deployment's assignments, sorted by instance. */
    List<Assignment> assignments(String deployment) {
        return assignmentsByDeployment.getOrDefault(deployment, List.of());
    }

    InventoryHost host(String name) {
        return hosts.get(name);
    }

    List<String> neighbours(String host) {
        return peerGroups.neighbours(host);
    }
}
