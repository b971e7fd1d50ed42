package dev.fabric.controller.model;

import java.util.Objects;

/**
 * Where the controller placed one role instance: the host (its inventory name), the instance's
 * address in that host's instance subnet, its update domain and the host's fault domain.
 */
public record Assignment(InstanceKey instance, String host, String address, int updateDomain, String faultDomain) {
    public Assignment {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(faultDomain, "faultDomain");
        if (updateDomain < 0) {
            throw new IllegalArgumentException(instance + ": update domain must be >= 0, was " + updateDomain);
        }
    }
}
