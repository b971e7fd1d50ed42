package dev.fabric.servicedef.model;

import java.util.List;
import java.util.Optional;

/**
 * A validated service: the csdef and cscfg joined, every port resolved. This is what the firewall
 * compiler, the agent and the controller work from; they never see raw XML.
 */
public record Service(String name, String osFamily, int upgradeDomainCount, List<Role> roles) {
    public Service {
        roles = List.copyOf(roles);
    }

    public Optional<Role> role(String roleName) {
        return roles.stream().filter(r -> r.name().equals(roleName)).findFirst();
    }
}
