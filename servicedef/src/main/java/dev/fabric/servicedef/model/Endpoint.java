package dev.fabric.servicedef.model;

/** A resolved, validated endpoint of a role: everything the firewall needs, nothing it must guess. */
public sealed interface Endpoint permits Endpoint.Input, Endpoint.InstanceInput, Endpoint.Internal {

    String name();

    Transport transport();

    /**
     * InputEndpoint: reachable from anywhere. {@code publicPort} on the host's external address is
     * forwarded (spread over the host's instances of the role) to {@code localPort}, which is open on
     * every instance. {@code acl} is empty when no EndpointAcl applies (everyone permitted).
     */
    record Input(String name, Transport transport, int publicPort, int localPort, java.util.List<AclRule> acl)
            implements Endpoint {
        public Input {
            acl = java.util.List.copyOf(acl);
        }
    }

    /**
     * InstanceInputEndpoint: each instance gets its own public port from {@code publicPorts}
     * (instance i gets {@code publicPorts.min() + i}), forwarded to {@code localPort}.
     */
    record InstanceInput(String name, Transport transport, int localPort, PortRange publicPorts,
                         java.util.List<AclRule> acl) implements Endpoint {
        public InstanceInput {
            acl = java.util.List.copyOf(acl);
        }
    }

    /**
     * InternalEndpoint: {@code ports} open only to instances of the same deployment whose role is in
     * {@code allowedFromRoles}. Without NetworkTrafficRules for this endpoint, every role of the
     * deployment is in the set. Transport ANY means all ports of all protocols ({@code ports} is 1-65535).
     */
    record Internal(String name, Transport transport, PortRange ports, java.util.Set<String> allowedFromRoles)
            implements Endpoint {
        public Internal {
            allowedFromRoles = java.util.Set.copyOf(allowedFromRoles);
        }
    }
}
