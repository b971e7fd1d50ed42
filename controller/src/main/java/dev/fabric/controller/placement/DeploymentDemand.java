package dev.fabric.controller.placement;

import dev.fabric.servicedef.model.Role;
import dev.fabric.servicedef.model.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A deployment as placement sees it: roles in definition order with their counts and sizes, and its
 * number of update domains (csdef {@code upgradeDomainCount}, default 5).
 */
public record DeploymentDemand(String deployment, int upgradeDomainCount, List<RoleDemand> roles) {
    public DeploymentDemand {
        Objects.requireNonNull(deployment, "deployment");
        roles = List.copyOf(roles);
        if (upgradeDomainCount < 1) {
            throw new IllegalArgumentException("deployment " + deployment + ": upgradeDomainCount must be >= 1");
        }
        if (roles.stream().map(RoleDemand::role).distinct().count() != roles.size()) {
            throw new IllegalArgumentException("deployment " + deployment + " names a role twice");
        }
    }

    public static DeploymentDemand of(String deployment, Service service, PlacementSettings settings) {
        List<RoleDemand> roles = new ArrayList<>();
        for (Role role : service.roles()) {
            roles.add(new RoleDemand(role.name(), role.instanceCount(), settings.need(role.size())));
        }
        return new DeploymentDemand(deployment, service.upgradeDomainCount(), roles);
    }

    public Optional<RoleDemand> role(String roleName) {
        return roles.stream().filter(r -> r.role().equals(roleName)).findFirst();
    }

    /** The same deployment with one role's instance count changed (scale). */
    public DeploymentDemand withInstanceCount(String roleName, int count) {
        RoleDemand old = role(roleName).orElseThrow(() -> new IllegalArgumentException(
                "deployment " + deployment + " has no role " + roleName));
        return new DeploymentDemand(deployment, upgradeDomainCount, roles.stream()
                .map(r -> r == old ? new RoleDemand(r.role(), count, r.perInstance()) : r).toList());
    }
}
