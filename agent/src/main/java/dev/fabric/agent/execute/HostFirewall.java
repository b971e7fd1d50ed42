package dev.fabric.agent.execute;

import dev.fabric.agent.reconcile.FirewallPlan;

/** Puts the host's whole ruleset for a firewall plan in force, in one transaction ({@link NftHostFirewall}). */
@FunctionalInterface
public interface HostFirewall {
    void apply(FirewallPlan plan);
}
