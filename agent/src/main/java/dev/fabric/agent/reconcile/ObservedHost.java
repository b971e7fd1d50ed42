package dev.fabric.agent.reconcile;

import dev.fabric.agent.desired.InstanceId;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the agent observed on its host.
 *
 * @param domains  every libvirt domain, Fabric's and others'
 * @param volumes  names of the volumes in the agent's pool
 * @param firewall the ruleset input last applied by this agent process; empty when unknown (after a
 *                 restart), which makes the next plan apply it again (an atomic replace, harmless)
 * @param failures restart history of instances that failed
 */
public record ObservedHost(List<ObservedDomain> domains, Set<String> volumes, Optional<FirewallPlan> firewall,
                           Map<InstanceId, FailureHistory> failures) {
    public ObservedHost {
        domains = List.copyOf(domains);
        volumes = Set.copyOf(volumes);
        failures = Map.copyOf(failures);
    }

    public static ObservedHost empty() {
        return new ObservedHost(List.of(), Set.of(), Optional.empty(), Map.of());
    }
}
