package dev.fabric.controller.api;

import java.util.Objects;

/**
 * A host of the inventory as the API shows it (one row of {@code fabric hosts}).
 *
 * @param address       the address its agent connects from / its instance routes go to, null if never seen
 * @param state         from the controller's liveness, e.g. {@code up}, {@code down}, {@code unknown}
 * @param cpus          what the agent reported it gives to guests (0 if never seen)
 * @param memoryMiB     likewise, in MiB
 * @param instanceCount instances placed on it now
 */
public record HostView(String name, String address, String faultDomain, String state, int cpus, long memoryMiB,
                       int instanceCount) {
    public HostView {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(faultDomain, "faultDomain");
        Objects.requireNonNull(state, "state");
    }
}
