package dev.fabric.firewall.compile;

import dev.fabric.firewall.placement.HostDeployment;
import dev.fabric.firewall.placement.HostNetwork;
import dev.fabric.firewall.placement.InstancePlacement;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.servicedef.model.Endpoint;
import dev.fabric.servicedef.model.Role;
import dev.fabric.servicedef.model.Transport;

import java.util.HashMap;
import java.util.Map;

/** Refuses placements that would make the ruleset ambiguous, naming the clashing parties. */
final class PlacementChecks {
    private PlacementChecks() {
    }

    static void check(java.util.List<HostDeployment> deployments, HostNetwork net) {
        Map<String, String> names = new HashMap<>();
        Map<Ipv4Address, String> addresses = new HashMap<>();
        Map<String, String> taps = new HashMap<>();
        Map<String, String> macs = new HashMap<>();
        Map<String, String> publicPorts = new HashMap<>();
        long broadcast = (net.instanceSubnet().network().bits() & 0xffffffffL) + net.instanceSubnet().size() - 1;
        for (HostDeployment d : deployments) {
            unique(names, d.name(), "deployment " + d.name(), "deployment name");
            for (InstancePlacement i : d.instances()) {
                Ipv4Address a = i.address();
                if (!net.instanceSubnet().contains(a) || a.equals(net.gateway()) || a.equals(net.instanceSubnet().network())
                        || (a.bits() & 0xffffffffL) == broadcast) {
                    throw new FirewallCompileException("instance " + i.label() + ": address " + a
                            + " is not a usable instance address of " + net.instanceSubnet() + " (gateway " + net.gateway() + ")");
                }
                unique(addresses, a, i.label(), "address");
                unique(taps, i.tap(), i.label(), "tap name");
                unique(macs, i.mac().text(), i.label(), "MAC address");
                if (!i.tap().startsWith(net.tapPrefix())) {
                    throw new FirewallCompileException("instance " + i.label() + ": tap " + i.tap()
                            + " does not start with the host's tap prefix '" + net.tapPrefix() + "'");
                }
            }
            for (var p : d.peers()) {
                // A peer lives in another host's subnet; an address of this subnet would let a local tap claim it.
                if (net.instanceSubnet().contains(p.address())) {
                    throw new FirewallCompileException("peer instance " + p.label() + ": address " + p.address()
                            + " is inside this host's instance subnet " + net.instanceSubnet()
                            + "; instances on other hosts must have addresses of their own host's subnet");
                }
            }
            for (Role r : d.service().roles()) {
                for (Endpoint e : r.endpoints()) {
                    String who = d.name() + "/" + r.name() + "/" + e.name();
                    if (e instanceof Endpoint.Input in) {
                        requirePortTransport(in.transport(), who);
                        unique(publicPorts, in.transport() + " " + in.publicPort(), who, "public port");
                    } else if (e instanceof Endpoint.InstanceInput ii) {
                        requirePortTransport(ii.transport(), who);
                        for (int p = ii.publicPorts().min(); p <= ii.publicPorts().max(); p++) {
                            unique(publicPorts, ii.transport() + " " + p, who, "public port");
                        }
                    }
                }
            }
        }
    }

    private static void requirePortTransport(Transport t, String who) {
        if (t == Transport.ANY) {
            throw new FirewallCompileException(who + ": protocol 'any' is only valid for internal endpoints");
        }
    }

    private static <K> void unique(Map<K, String> seen, K key, String who, String what) {
        String other = seen.putIfAbsent(key, who);
        if (other != null) {
            throw new FirewallCompileException(who + ": " + what + " " + key + " is already used by " + other);
        }
    }
}
