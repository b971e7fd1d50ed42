package dev.fabric.agent.verify;

import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.verify.PortSet;
import dev.fabric.servicedef.model.Endpoint;
import dev.fabric.servicedef.model.Role;
import dev.fabric.servicedef.model.Transport;

import java.util.ArrayList;
import java.util.List;

/**
 * What a role's definition says about reaching one of its instances from outside its deployment:
 * the local ports of its Input and InstanceInput endpoints, nothing else. Internal endpoints are
 * reachable only from the same deployment, so from a vantage point that belongs to no deployment
 * they must look like any undeclared port.
 */
public final class DeclaredPorts {
    private DeclaredPorts() {
    }

    /** The TCP local ports of the role's Input and InstanceInput endpoints, whatever their ACLs say. */
    public static PortSet tcp(Role role) {
        List<Integer> ports = new ArrayList<>();
        for (Endpoint e : role.endpoints()) {
            if (e.transport() == Transport.TCP && localPort(e) > 0) {
                ports.add(localPort(e));
            }
        }
        return PortSet.of(ports);
    }

    /**
     * The TCP ports that must answer a connect from {@code source}: those of {@link #tcp} whose
     * endpoint ACL permits the source. Several endpoints on one port are a union (decision 0200).
     */
    public static PortSet reachableFrom(Role role, Ipv4Address source) {
        List<Integer> ports = new ArrayList<>();
        for (Endpoint e : role.endpoints()) {
            if (e.transport() == Transport.TCP && localPort(e) > 0 && AclDecision.permits(acl(e), source)) {
                ports.add(localPort(e));
            }
        }
        return PortSet.of(ports);
    }

    /** Public endpoints a TCP connect scan cannot check, e.g. {@code Dns udp/53}. */
    public static List<String> uncheckable(Role role) {
        List<String> out = new ArrayList<>();
        for (Endpoint e : role.endpoints()) {
            if (e.transport() == Transport.UDP && localPort(e) > 0) {
                out.add(e.name() + " udp/" + localPort(e));
            }
        }
        return out;
    }

    /**
     * The public ports that lead to instance {@code index} of the role on the host's external address:
     * every TCP InputEndpoint's port (load-balanced over the role's instances) and the instance's own
     * port of every TCP InstanceInputEndpoint ({@code min + index}, decision 0102).
     */
    public static List<PublicPort> publicPorts(Role role, int index) {
        List<PublicPort> out = new ArrayList<>();
        for (Endpoint e : role.endpoints()) {
            if (e.transport() != Transport.TCP) {
                continue;
            }
            if (e instanceof Endpoint.Input in) {
                out.add(new PublicPort(in.name(), in.publicPort(), in.localPort(), false, in.acl()));
            } else if (e instanceof Endpoint.InstanceInput ii && index < ii.publicPorts().size()) {
                out.add(new PublicPort(ii.name(), ii.publicPorts().min() + index, ii.localPort(), true, ii.acl()));
            }
        }
        return out;
    }

    private static int localPort(Endpoint e) {
        if (e instanceof Endpoint.Input in) {
            return in.localPort();
        }
        if (e instanceof Endpoint.InstanceInput ii) {
            return ii.localPort();
        }
        return 0; // internal: not reachable from outside the deployment
    }

    private static List<dev.fabric.servicedef.model.AclRule> acl(Endpoint e) {
        if (e instanceof Endpoint.Input in) {
            return in.acl();
        }
        return e instanceof Endpoint.InstanceInput ii ? ii.acl() : List.of();
    }
}
