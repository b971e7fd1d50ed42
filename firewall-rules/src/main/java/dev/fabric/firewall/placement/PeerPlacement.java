package dev.fabric.firewall.placement;

/**
 * A role instance of the same deployment that runs on another host. It gets nothing opened here; it
 * is a source that internal endpoints (and NetworkTrafficRules naming its role) admit. The packets
 * arrive routed from that host, not bridged, so only the address counts.
 *
 * @param host the other host's name, for rule comments and errors
 */
public record PeerPlacement(String deployment, String role, int index, Ipv4Address address, String host) {
    public PeerPlacement {
        if (index < 0) {
            throw new IllegalArgumentException("instance index must be >= 0, was " + index);
        }
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("peer instance " + deployment + "/" + role + "/" + index + " names no host");
        }
    }

    /** {@code deployment/role/index@host}, the name used in errors. */
    public String label() {
        return deployment + "/" + role + "/" + index + "@" + host;
    }
}
