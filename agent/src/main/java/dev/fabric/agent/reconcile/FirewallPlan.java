package dev.fabric.agent.reconcile;

import dev.fabric.firewall.placement.HostDeployment;
import dev.fabric.firewall.placement.HostNetwork;

import java.util.List;

/** The input of the firewall compiler for this host: its network and every deployment placed on it. */
public record FirewallPlan(HostNetwork network, List<HostDeployment> deployments) {
    public FirewallPlan {
        deployments = List.copyOf(deployments);
    }
}
