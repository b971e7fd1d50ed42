package dev.fabric.agent.managed;

import dev.fabric.firewall.placement.Ipv4Address;

/** Another host of the fabric, as the controller names it: checked for reachability before self-fencing. */
public record FabricPeer(String name, Ipv4Address address) {
}
