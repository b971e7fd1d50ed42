package dev.fabric.agent.health;

import dev.fabric.agent.desired.InstanceId;
import dev.fabric.servicedef.model.HealthProbe;

import java.net.InetAddress;
import java.util.Optional;

/**
 * A running guest the health side should probe.
 *
 * @param domainId libvirt's id of the running domain: a new id is a new boot, which starts a fresh
 *                 history and grace period (so a restarted guest is not judged by its predecessor's failures)
 * @param probe    empty when the role has nothing to probe (judged by libvirt state alone)
 */
public record WatchedInstance(InstanceId id, int domainId, InetAddress address, Optional<HealthProbe> probe) {
}
