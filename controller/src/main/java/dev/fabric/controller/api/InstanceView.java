package dev.fabric.controller.api;

import java.util.Objects;

/**
 * One role instance as the API shows it (one row of {@code fabric status}).
 *
 * @param instanceId {@code deployment.role.index}, e.g. {@code webfarm.WebRole.0}
 * @param host       the host it is placed on, null while not placed
 * @param address    its address in that host's instance subnet, null while not placed
 * @param state      {@value #PENDING} (not placed or not yet reported) or what the agent reports:
 *                   {@code starting}, {@value #RUNNING}, {@code stopped}, {@code crashed}, {@code missing}, ...
 * @param health     what the agent's probe says: {@value #SERVING}, {@code not-serving}, {@code unknown}
 * @param detail     the last failure or why it is pending, for people; "" when there is nothing to say
 */
public record InstanceView(String deployment, String role, int index, String instanceId, String host, String address,
                           String state, String health, String detail) {
    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    public static final String SERVING = "serving";
    public static final String UNKNOWN = "unknown";

    public InstanceView {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(health, "health");
        detail = detail == null ? "" : detail;
    }

    /** An instance not placed yet. */
    public static InstanceView pending(String deployment, String role, int index, String why) {
        return new InstanceView(deployment, role, index, deployment + "." + role + "." + index, null, null, PENDING, UNKNOWN, why);
    }

    public boolean ready() {
        return RUNNING.equals(state) && SERVING.equals(health);
    }
}
