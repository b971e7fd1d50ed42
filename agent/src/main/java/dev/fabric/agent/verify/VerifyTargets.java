package dev.fabric.agent.verify;

import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.libvirt.LibvirtDomain;
import dev.fabric.agent.run.StoredDeployment;
import dev.fabric.agent.spec.InstanceSpec;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.servicedef.model.Role;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Joins what the agent stores (the definitions: roles, endpoints, instance counts) with what libvirt
 * holds (each instance's address in its domain metadata). Pure; reads nothing itself.
 */
public final class VerifyTargets {
    private VerifyTargets() {
    }

    /** Every declared instance of {@code deployments}, in deployment, role and index order. */
    public static List<VerifyTarget> of(List<StoredDeployment> deployments, List<LibvirtDomain> domains) {
        Map<InstanceId, LibvirtDomain> byId = new HashMap<>();
        domains.stream().filter(LibvirtDomain::isFabric).forEach(d -> byId.put(d.spec().orElseThrow().id(), d));
        List<VerifyTarget> out = new ArrayList<>();
        for (StoredDeployment d : deployments) {
            for (Role role : d.service().roles()) {
                for (int i = 0; i < role.instanceCount(); i++) {
                    InstanceId id = new InstanceId(d.name(), role.name(), i);
                    LibvirtDomain domain = byId.get(id);
                    out.add(domain == null ? new VerifyTarget(id, role, Optional.empty(), VerifyTarget.NO_DOMAIN)
                            : new VerifyTarget(id, role, Optional.of(domain.spec().orElseThrow().network().address()),
                            domain.state().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(VerifyTarget::id));
        return out;
    }

    /** Addresses of every Fabric domain on the host, of any deployment, stored or being removed. */
    public static Set<Ipv4Address> takenAddresses(List<LibvirtDomain> domains) {
        Set<Ipv4Address> taken = new TreeSet<>();
        domains.stream().flatMap(d -> d.spec().stream()).map(InstanceSpec::network)
                .forEach(a -> taken.add(a.address()));
        return taken;
    }
}
