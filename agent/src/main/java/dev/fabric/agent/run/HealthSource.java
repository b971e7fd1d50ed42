package dev.fabric.agent.run;

import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.reconcile.Health;

/**
 * The health side's latest verdict per instance. The endpoint prober (package
 * {@code dev.fabric.agent.health}) plugs in here; until then {@link #LIBVIRT_STATE_ONLY}.
 */
@FunctionalInterface
public interface HealthSource {
    /**
     * No probe: every verdict is {@link Health#UNKNOWN}, so only libvirt's own state (a crashed or
     * killed guest, seen through lifecycle events and the observed domain state) leads to restarts.
     */
    HealthSource LIBVIRT_STATE_ONLY = id -> Health.UNKNOWN;

    Health health(InstanceId id);
}
