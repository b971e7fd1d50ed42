package dev.fabric.agent.desired;

import java.util.Comparator;

/**
 * Names one role instance on a host: deployment, role and index within the role. Printed as
 * {@code webfarm.WebRole.0}. Role names may contain dots and spaces (real csdef files use both),
 * so the printed form is for people; code compares the three parts.
 */
public record InstanceId(String deployment, String role, int index) implements Comparable<InstanceId> {
    private static final Comparator<InstanceId> ORDER = Comparator.comparing(InstanceId::deployment)
            .thenComparing(InstanceId::role).thenComparingInt(InstanceId::index);

    public InstanceId {
        DeploymentNames.requireValid(deployment);
        if (role == null || role.isEmpty()) {
            throw new IllegalArgumentException("instance of deployment " + deployment + " has an empty role name");
        }
        if (index < 0) {
            throw new IllegalArgumentException("instance index must be >= 0, was " + index);
        }
    }

    public String text() {
        return deployment + "." + role + "." + index;
    }

    @Override
    public int compareTo(InstanceId o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return text();
    }
}
