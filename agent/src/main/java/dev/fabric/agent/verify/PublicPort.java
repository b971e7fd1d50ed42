package dev.fabric.agent.verify;

import dev.fabric.servicedef.model.AclRule;

import java.util.List;

/**
 * A TCP port on the host's external address that the definition forwards to an instance.
 *
 * @param perInstance true for an InstanceInputEndpoint (this instance's own port), false for an
 *                    InputEndpoint (load-balanced over the role's instances on this host)
 */
public record PublicPort(String endpoint, int port, int localPort, boolean perInstance, List<AclRule> acl) {
    public PublicPort {
        acl = List.copyOf(acl);
    }
}
