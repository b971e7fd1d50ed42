package dev.fabric.controller.store;

import java.util.List;
import java.util.Objects;

/**
 * What the controller last heard from a host: its capacity as the agent reported it and its last
 * known state (the liveness code's word for it, e.g. {@code up} or {@code down}) since when.
 */
public record HostRecord(String name, int cpus, long memoryMiB, List<String> virtTypes, String state, long sinceUnixMs) {
    public HostRecord {
        StoreLayout.checkName("host", name);
        Objects.requireNonNull(virtTypes, "virtTypes");
        Objects.requireNonNull(state, "state");
        virtTypes = List.copyOf(virtTypes);
        if (cpus < 0 || memoryMiB < 0) {
            throw new IllegalArgumentException("host " + name + ": cpus and memory must be >= 0, were " + cpus + ", " + memoryMiB);
        }
    }
}
