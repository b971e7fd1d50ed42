package dev.fabric.agent.execute;

import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.libvirt.LibvirtDomain;
import dev.fabric.agent.reconcile.Health;
import dev.fabric.agent.reconcile.ObservedHost;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Puts together what the reconciler observes: libvirt's domains, the pool's volumes, and the agent's memory. */
public final class HostObserver {
    private HostObserver() {
    }

    /** @param health the health side's latest verdict per instance ({@link Health#UNKNOWN} when none) */
    public static ObservedHost observe(List<LibvirtDomain> domains, Set<String> volumes, AgentMemory memory,
                                       Function<InstanceId, Health> health) {
        return new ObservedHost(
                domains.stream().map(d -> d.toObserved(d.spec().map(s -> health.apply(s.id())).orElse(Health.UNKNOWN))).toList(),
                volumes, memory.appliedFirewall(), memory.failures());
    }
}
