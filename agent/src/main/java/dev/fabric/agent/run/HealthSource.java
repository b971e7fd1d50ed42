package dev.fabric.agent.run;

import dev.fabric.agent.desired.DesiredDeployment;
import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.health.HealthMonitor;
import dev.fabric.agent.health.WatchedInstances;
import dev.fabric.agent.libvirt.LibvirtDomain;
import dev.fabric.agent.reconcile.Health;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * The health side's verdict per instance, asked once per pass with the domains just read from libvirt
 * and the desired deployments (which say what to probe), so the verdicts belong to the boots in that list.
 */
@FunctionalInterface
public interface HealthSource {
    /**
     * No probe: every verdict is {@link Health#UNKNOWN}, so only libvirt's own state (a crashed or
     * killed guest, seen through lifecycle events and the observed domain state) leads to restarts.
     */
    HealthSource LIBVIRT_STATE_ONLY = (domains, desired) -> id -> Health.UNKNOWN;

    Function<InstanceId, Health> observe(List<LibvirtDomain> domains, Collection<DesiredDeployment> desired);

    /** The running, desired guests are probed by {@code monitor} (decision 0540). */
    static HealthSource probedBy(HealthMonitor monitor) {
        return (domains, desired) -> monitor.observe(WatchedInstances.running(domains, WatchedInstances.probes(desired)));
    }
}
