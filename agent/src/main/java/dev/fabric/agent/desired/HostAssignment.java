package dev.fabric.agent.desired;

import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.PeerPlacement;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The controller's word on one deployment for this host: which of its instances run here, at which
 * addresses (the controller chose them in this host's instance subnet), and where the deployment's
 * other instances run, so that internal endpoints admit them.
 */
public record HostAssignment(Map<InstanceId, Ipv4Address> addresses, List<PeerPlacement> peers) {
    public HostAssignment {
        addresses = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(addresses));
        peers = List.copyOf(peers);
    }
}
