package dev.fabric.firewall.placement;

/**
 * Where one role instance runs on this host and how it is wired.
 *
 * @param index the instance's index within its role (0-based); InstanceInput endpoints give instance
 *              i the public port {@code publicPorts.min() + i}
 */
public record InstancePlacement(String deployment, String role, int index, Ipv4Address address, MacAddress mac,
                                String tap) {
    public InstancePlacement {
        if (index < 0) {
            throw new IllegalArgumentException("instance index must be >= 0, was " + index);
        }
        if (tap.isEmpty() || tap.length() > 15) {
            throw new IllegalArgumentException("tap name '" + tap + "' must be 1-15 characters (Linux IFNAMSIZ)");
        }
    }

    /** {@code deployment/role/index}, the name used in rule comments. */
    public String label() {
        return deployment + "/" + role + "/" + index;
    }
}
