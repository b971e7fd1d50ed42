package dev.fabric.agent.verify;

import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.verify.PortSet;

/** Finds which TCP ports of an address accept a connection from one vantage point. */
public interface PortScanner {
    PortSet openPorts(Ipv4Address target, PortSet ports);
}
