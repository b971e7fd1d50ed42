package dev.fabric.agent.managed;

import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.Ipv4Subnet;

/** Another host's instance subnet and that host's fabric address, the next hop to reach it. */
public record HostRoute(Ipv4Subnet subnet, Ipv4Address via) {
}
