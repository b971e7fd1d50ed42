package dev.fabric.controller.model;

import java.util.Comparator;
import java.util.Objects;

/**
 * Names one role instance across the fabric: deployment, role and index within the role. Printed as
 * {@code webfarm.WebRole.0} for people; code compares the three parts (role names may hold dots).
 */
public record InstanceKey(String deployment, String role, int index) implements Comparable<InstanceKey> {
    private static final Comparator<InstanceKey> ORDER = Comparator.comparing(InstanceKey::deployment)
            .thenComparing(InstanceKey::role).thenComparingInt(InstanceKey::index);

    public InstanceKey {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(role, "role");
        if (deployment.isEmpty() || role.isEmpty()) {
            throw new IllegalArgumentException("instance key needs a deployment and a role, was '" + deployment + "', '" + role + "'");
        }
        if (index < 0) {
            throw new IllegalArgumentException("instance index must be >= 0, was " + index);
        }
    }

    @Override
    public int compareTo(InstanceKey o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return deployment + "." + role + "." + index;
    }
}
