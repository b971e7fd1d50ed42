package dev.fabric.agent.execute;

import dev.fabric.agent.reconcile.FirewallPlan;

/** Replaces the host's whole ruleset atomically (implemented over libnftables by the firewall side). */
@FunctionalInterface
public interface FirewallApplier {
    void apply(FirewallPlan plan);
}
