package dev.fabric.agent.addressing;

import dev.fabric.agent.desired.InstanceId;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.MacAddress;

/** The network identity of one instance on its host: address, MAC and tap device name. */
public record Assignment(InstanceId id, Ipv4Address address, MacAddress mac, String tap) {
    public Assignment {
        if (tap == null || tap.isEmpty() || tap.length() > 15) {
            throw new IllegalArgumentException(id + ": tap name '" + tap + "' must be 1-15 characters (Linux IFNAMSIZ)");
        }
    }
}
