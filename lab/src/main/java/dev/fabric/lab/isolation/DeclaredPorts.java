package dev.fabric.lab.isolation;

import dev.fabric.servicedef.model.Endpoint;
import dev.fabric.servicedef.model.Role;
import dev.fabric.servicedef.model.Service;
import dev.fabric.servicedef.model.Transport;

import java.util.SortedSet;
import java.util.TreeSet;

/** Which TCP ports the definition says an instance of a role answers on, seen from where. */
public final class DeclaredPorts {
    private DeclaredPorts() {
    }

    /**
     * TCP ports of an instance reachable from outside the deployment at the instance's own address:
     * the local ports of its input and instance input endpoints. Internal endpoints are not among them.
     */
    public static SortedSet<Integer> fromOutside(Role role) {
        SortedSet<Integer> ports = new TreeSet<>();
        for (Endpoint e : role.endpoints()) {
            if (e.transport() != Transport.TCP) {
                continue;
            }
            if (e instanceof Endpoint.Input in) {
                ports.add(in.localPort());
            } else if (e instanceof Endpoint.InstanceInput ii) {
                ports.add(ii.localPort());
            }
        }
        return ports;
    }

    /**
     * TCP ports the role itself declares (input, instance input, internal): what Fabric's config drive
     * tells its guests to serve. Internal ranges wider than 16 ports are left out (one httpd per port).
     */
    public static SortedSet<Integer> served(Role role) {
        SortedSet<Integer> ports = new TreeSet<>(fromOutside(role));
        for (Endpoint e : role.endpoints()) {
            if (e instanceof Endpoint.Internal internal && internal.transport() == Transport.TCP
                    && internal.ports().size() <= 16) {
                for (int p = internal.ports().min(); p <= internal.ports().max(); p++) {
                    ports.add(p);
                }
            }
        }
        return ports;
    }

    /** Every TCP port any role of the service declares (see {@link #served}). */
    public static SortedSet<Integer> anywhere(Service service) {
        SortedSet<Integer> ports = new TreeSet<>();
        for (Role role : service.roles()) {
            ports.addAll(served(role));
        }
        return ports;
    }

    /** The public TCP ports of the role's input endpoints (on the host's external address). */
    public static SortedSet<Integer> publicPorts(Role role) {
        SortedSet<Integer> ports = new TreeSet<>();
        for (Endpoint e : role.endpoints()) {
            if (e instanceof Endpoint.Input in && in.transport() == Transport.TCP) {
                ports.add(in.publicPort());
            }
        }
        return ports;
    }
}
