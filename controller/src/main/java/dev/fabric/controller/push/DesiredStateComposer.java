package dev.fabric.controller.push;

import dev.fabric.controller.inventory.InventoryHost;
import dev.fabric.controller.model.Assignment;
import dev.fabric.controller.model.InstanceKey;
import dev.fabric.protocol.v1.DeploymentAssignment;
import dev.fabric.protocol.v1.DesiredState;
import dev.fabric.protocol.v1.HostPeer;
import dev.fabric.protocol.v1.InstanceAssignment;
import dev.fabric.protocol.v1.PeerInstance;
import dev.fabric.protocol.v1.Route;

import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What one host should run: every deployment with an instance on the host (its definition, its
 * instances there, and its instances elsewhere as peers), a route to each host that holds one of
 * those peers, and the host's neighbours for its majority check (0660, 0692). Its size depends on the
 * host's own deployments and a bounded peer group, never on the size of the fabric (0692). The same
 * inputs always give the same message, so an unchanged host gets byte-identical pushes. Pure.
 */
public final class DesiredStateComposer {
    private DesiredStateComposer() {
    }

    public static DesiredState compose(String host, FabricSnapshot fabric) {
        DesiredState.Builder out = DesiredState.newBuilder().setGeneration(fabric.generation());
        SortedSet<String> routed = new TreeSet<>();
        for (String name : fabric.deploymentsOn(host)) {
            var d = fabric.deployment(name);
            DeploymentAssignment.Builder b = DeploymentAssignment.newBuilder().setName(d.name()).setCsdef(d.csdef()).setCscfg(d.cscfg());
            for (Assignment a : fabric.assignments(name)) {
                InstanceKey k = a.instance();
                if (a.host().equals(host)) {
                    b.addInstances(InstanceAssignment.newBuilder().setRole(k.role()).setIndex(k.index()).setAddress(a.address())
                            .setUpdateDomain(a.updateDomain()).setFaultDomain(a.faultDomain()));
                } else {
                    b.addPeers(PeerInstance.newBuilder().setRole(k.role()).setIndex(k.index()).setAddress(a.address())
                            .setHost(a.host()));
                    routed.add(a.host());
                }
            }
            out.addDeployments(b);
        }
        for (String other : routed) {
            InventoryHost h = fabric.host(other);
            if (h != null) { // a host gone from the inventory keeps its assignments until they move: no route to it
                out.addRoutes(Route.newBuilder().setSubnet(h.instanceSubnet().toString()).setVia(h.address()));
            }
        }
        for (String neighbour : fabric.neighbours(host)) {
            InventoryHost h = fabric.host(neighbour);
            if (h != null) {
                out.addPeers(HostPeer.newBuilder().setName(h.name()).setAddress(h.address()));
            }
        }
        return out.build();
    }
}
