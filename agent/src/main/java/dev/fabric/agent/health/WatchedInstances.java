package dev.fabric.agent.health;

import dev.fabric.agent.desired.DesiredDeployment;
import dev.fabric.agent.desired.DesiredInstance;
import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.libvirt.LibvirtDomain;
import dev.fabric.agent.reconcile.DomainState;
import dev.fabric.agent.spec.InstanceSpec;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.servicedef.model.HealthProbe;
import dev.fabric.servicedef.model.Role;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which guests to probe and how: the running Fabric domains from libvirt, each with the probe of its
 * role in the desired state. The probe is not part of the instance spec on purpose: changing a probe
 * must not replace a guest.
 */
public final class WatchedInstances {
    private WatchedInstances() {
    }

    /** The probe of every desired instance, from its role. */
    public static Map<InstanceId, Optional<HealthProbe>> probes(Collection<DesiredDeployment> deployments) {
        Map<InstanceId, Optional<HealthProbe>> probes = new HashMap<>();
        for (DesiredDeployment d : deployments) {
            Map<String, Optional<HealthProbe>> byRole = new HashMap<>();
            for (Role r : d.service().roles()) {
                byRole.put(r.name(), r.healthProbe());
            }
            for (DesiredInstance i : d.instances()) {
                probes.put(i.id(), byRole.getOrDefault(i.id().role(), Optional.empty()));
            }
        }
        return probes;
    }

    /**
     * The running Fabric domains to probe. A running guest that is not desired (about to be removed) is
     * not probed; its probe is unknown and it is going anyway.
     */
    public static List<WatchedInstance> running(List<LibvirtDomain> domains, Map<InstanceId, Optional<HealthProbe>> probes) {
        List<WatchedInstance> watched = new ArrayList<>();
        for (LibvirtDomain d : domains) {
            if (d.state() != DomainState.RUNNING || d.spec().isEmpty() || !probes.containsKey(d.spec().get().id())) {
                continue;
            }
            InstanceSpec spec = d.spec().get();
            watched.add(new WatchedInstance(spec.id(), d.id(), inet(spec.network().address()), probes.get(spec.id())));
        }
        return watched;
    }

    static InetAddress inet(Ipv4Address a) {
        try {
            return InetAddress.getByAddress(new byte[]{(byte) a.octet(0), (byte) a.octet(1), (byte) a.octet(2), (byte) a.octet(3)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an IPv4 address", e);
        }
    }
}
