package dev.fabric.controller.placement;

import dev.fabric.controller.inventory.InventoryHost;

import java.util.Objects;

/** A host placement may use: its inventory entry and the capacity it reported when it joined. */
public record LiveHost(InventoryHost host, int cpus, long memoryMiB) {
    public LiveHost {
        Objects.requireNonNull(host, "host");
        if (cpus < 0 || memoryMiB < 0) {
            throw new IllegalArgumentException("host " + host.name() + ": capacity must not be negative");
        }
    }

    public String name() {
        return host.name();
    }

    public String faultDomain() {
        return host.faultDomain();
    }
}
