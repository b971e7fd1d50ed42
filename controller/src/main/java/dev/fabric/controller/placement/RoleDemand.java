package dev.fabric.controller.placement;

import java.util.Objects;

/** One role as placement sees it: how many instances and what each takes from its host. */
public record RoleDemand(String role, int instanceCount, Resources perInstance) {
    public RoleDemand {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(perInstance, "perInstance");
        if (instanceCount < 0) {
            throw new IllegalArgumentException("role " + role + ": instance count must be >= 0, was " + instanceCount);
        }
    }
}
