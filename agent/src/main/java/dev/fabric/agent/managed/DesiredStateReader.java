package dev.fabric.agent.managed;

import dev.fabric.agent.desired.DeploymentNames;
import dev.fabric.agent.desired.HostAssignment;
import dev.fabric.agent.desired.InstanceId;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.Ipv4Subnet;
import dev.fabric.firewall.placement.PeerPlacement;
import dev.fabric.protocol.v1.DeploymentAssignment;
import dev.fabric.protocol.v1.DesiredState;
import dev.fabric.protocol.v1.HostPeer;
import dev.fabric.protocol.v1.InstanceAssignment;
import dev.fabric.protocol.v1.PeerInstance;
import dev.fabric.protocol.v1.Route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a {@link DesiredState} from the controller field by field and turns it into
 * {@link ControllerAssignments}. The controller is trusted to place, not to be well-formed: a bad
 * name, address or duplicate is refused with the field it was found in. The definitions themselves
 * are validated when they are stored. Pure.
 */
public final class DesiredStateReader {
    private DesiredStateReader() {
    }

    public static ControllerAssignments read(DesiredState state) {
        Map<String, HostAssignment> deployments = new HashMap<>();
        for (DeploymentAssignment d : state.getDeploymentsList()) {
            String name = d.getName();
            if (!DeploymentNames.isValid(name)) {
                throw new ControllerStateException("desired state " + state.getGeneration() + ": deployment name '" + name
                        + "' is not allowed");
            }
            if (deployments.containsKey(name)) {
                throw new ControllerStateException("desired state " + state.getGeneration() + ": deployment " + name
                        + " is listed twice");
            }
            deployments.put(name, assignment(state.getGeneration(), d));
        }
        List<HostRoute> routes = new ArrayList<>();
        for (Route r : state.getRoutesList()) {
            routes.add(new HostRoute(subnet(r.getSubnet(), "route"), address(r.getVia(), "route via")));
        }
        List<FabricPeer> peers = new ArrayList<>();
        for (HostPeer p : state.getPeersList()) {
            peers.add(new FabricPeer(p.getName(), address(p.getAddress(), "host peer " + p.getName())));
        }
        return new ControllerAssignments(state.getGeneration(), deployments, routes, peers);
    }

    private static HostAssignment assignment(long generation, DeploymentAssignment d) {
        String where = "desired state " + generation + ", deployment " + d.getName();
        Map<InstanceId, Ipv4Address> addresses = new HashMap<>();
        for (InstanceAssignment i : d.getInstancesList()) {
            InstanceId id = id(d.getName(), i.getRole(), i.getIndex(), where);
            if (addresses.put(id, address(i.getAddress(), where + ", instance " + id)) != null) {
                throw new ControllerStateException(where + ": instance " + id + " is assigned twice");
            }
        }
        List<PeerPlacement> peers = new ArrayList<>();
        Set<InstanceId> seen = new HashSet<>(addresses.keySet());
        for (PeerInstance p : d.getPeersList()) {
            InstanceId id = id(d.getName(), p.getRole(), p.getIndex(), where);
            if (!seen.add(id)) {
                throw new ControllerStateException(where + ": instance " + id + " is both here and on host " + p.getHost()
                        + ", or on two hosts");
            }
            try {
                peers.add(new PeerPlacement(d.getName(), p.getRole(), p.getIndex(), address(p.getAddress(), where + ", peer " + id),
                        p.getHost()));
            } catch (IllegalArgumentException e) {
                throw new ControllerStateException(where + ": peer " + id + ": " + e.getMessage());
            }
        }
        return new HostAssignment(addresses, peers);
    }

    private static InstanceId id(String deployment, String role, int index, String where) {
        try {
            return new InstanceId(deployment, role, index);
        } catch (IllegalArgumentException e) {
            throw new ControllerStateException(where + ": " + e.getMessage());
        }
    }

    private static Ipv4Address address(String text, String where) {
        try {
            return Ipv4Address.parse(text);
        } catch (RuntimeException e) {
            throw new ControllerStateException(where + ": '" + text + "' is not an IPv4 address");
        }
    }

    private static Ipv4Subnet subnet(String text, String where) {
        try {
            return Ipv4Subnet.parse(text);
        } catch (RuntimeException e) {
            throw new ControllerStateException(where + ": '" + text + "' is not an IPv4 subnet (CIDR)");
        }
    }
}
