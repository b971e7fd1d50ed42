package dev.fabric.controller.api;

import java.util.Objects;

/** A role of a deployment and how many instances it is configured to have. */
public record RoleView(String name, int instances) {
    public RoleView {
        Objects.requireNonNull(name, "name");
    }
}
