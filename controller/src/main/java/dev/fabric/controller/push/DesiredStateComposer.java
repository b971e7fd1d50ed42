package dev.fabric.controller.push;

import dev.fabric.controller.model.Assignment;
import dev.fabric.controller.model.DeploymentRecord;
import dev.fabric.controller.model.InstanceKey;
import dev.fabric.protocol.v1.DeploymentAssignment;
import dev.fabric.protocol.v1.DesiredState;
import dev.fabric.protocol.v1.HostPeer;
import dev.fabric.protocol.v1.InstanceAssignment;
import dev.fabric.protocol.v1.PeerInstance;
import dev.fabric.protocol.v1.Route;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one host should run, from the whole fabric's state: every deployment with an instance on the
 * host (its definition, its instances there, and its instances elsewhere as peers), a route to every
 * other host's instance subnet, and every other host for the agent's majority check (0660). The same
 * inputs always give the same message, so an unchanged host gets byte-identical pushes. Pure.
 */
public final class DesiredStateComposer {
    private static final Comparator<Assignment> BY_INSTANCE = Comparator.comparing(Assignment::instance);

    private DesiredStateComposer() {
    }

    public static DesiredState compose(String host, long generation, List<DeploymentRecord> deployments,
                                       List<Assignment> assignments, List<FabricHost> hosts) {
        Map<String, List<Assignment>> byDeployment = assignments.stream()
                .collect(Collectors.groupingBy(a -> a.instance().deployment()));
        DesiredState.Builder out = DesiredState.newBuilder().setGeneration(generation);
        deployments.stream().sorted(Comparator.comparing(DeploymentRecord::name)).forEach(d -> {
            List<Assignment> all = byDeployment.getOrDefault(d.name(), List.of()).stream().sorted(BY_INSTANCE).toList();
            if (all.stream().noneMatch(a -> a.host().equals(host))) {
                return;
            }
            DeploymentAssignment.Builder b = DeploymentAssignment.newBuilder().setName(d.name()).setCsdef(d.csdef()).setCscfg(d.cscfg());
            for (Assignment a : all) {
                InstanceKey k = a.instance();
                if (a.host().equals(host)) {
                    b.addInstances(InstanceAssignment.newBuilder().setRole(k.role()).setIndex(k.index()).setAddress(a.address())
                            .setUpdateDomain(a.updateDomain()).setFaultDomain(a.faultDomain()));
                } else {
                    b.addPeers(PeerInstance.newBuilder().setRole(k.role()).setIndex(k.index()).setAddress(a.address())
                            .setHost(a.host()));
                }
            }
            out.addDeployments(b);
        });
        hosts.stream().filter(h -> !h.name().equals(host)).sorted(Comparator.comparing(FabricHost::name)).forEach(h -> {
            out.addRoutes(Route.newBuilder().setSubnet(h.instanceSubnet()).setVia(h.address()));
            out.addPeers(HostPeer.newBuilder().setName(h.name()).setAddress(h.address()));
        });
        return out.build();
    }
}
