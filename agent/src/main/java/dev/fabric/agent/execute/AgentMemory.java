package dev.fabric.agent.execute;

import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.reconcile.FailureHistory;
import dev.fabric.agent.reconcile.FirewallPlan;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this agent process remembers beyond libvirt: the ruleset it last applied and the restart
 * history of failing instances. The ruleset is forgotten on restart by design (decision 0500): the
 * firewall is then re-applied once. Restart histories are handed over through the status file
 * ({@link #remember}, decision 0560), so counts and backoff go on across an agent restart.
 */
public final class AgentMemory {
    private volatile FirewallPlan appliedFirewall;
    private final Map<InstanceId, FailureHistory> failures = new ConcurrentHashMap<>();

    public Optional<FirewallPlan> appliedFirewall() {
        return Optional.ofNullable(appliedFirewall);
    }

    void firewallApplied(FirewallPlan plan) {
        appliedFirewall = plan;
    }

    /** The firewall may be half-known after a failed apply: forget it so the next plan applies it again. */
    void firewallUnknown() {
        appliedFirewall = null;
    }

    public Map<InstanceId, FailureHistory> failures() {
        return Map.copyOf(failures);
    }

    void restarted(InstanceId id, Instant now, String reason) {
        failures.merge(id, FailureHistory.NONE.afterRestart(now, reason), (old, ignored) -> old.afterRestart(now, reason));
    }

    /**
     * Takes over histories a previous agent process recorded. A history this process already has wins:
     * it is newer than anything on disk.
     */
    public void remember(Map<InstanceId, FailureHistory> recorded) {
        recorded.forEach(failures::putIfAbsent);
    }

    /** An instance that is healthy again (the health side decides when) starts with a clean history. */
    public void recovered(InstanceId id) {
        failures.remove(id);
    }
}
