package dev.fabric.firewall.compile;

import dev.fabric.firewall.placement.HostDeployment;
import dev.fabric.firewall.placement.HostNetwork;
import dev.fabric.firewall.placement.InstancePlacement;
import dev.fabric.firewall.ruleset.Chain;
import dev.fabric.firewall.ruleset.Element;
import dev.fabric.firewall.ruleset.Family;
import dev.fabric.firewall.ruleset.Hook;
import dev.fabric.firewall.ruleset.NftSet;
import dev.fabric.firewall.ruleset.Rule;
import dev.fabric.firewall.ruleset.Table;

import java.util.Comparator;
import java.util.List;

/**
 * {@code table bridge fabric}: anti-spoofing at the bridge port. A frame that enters from an
 * instance tap may carry only that instance's MAC, and IPv4 only from its own address, ARP only
 * about itself. Keyed on the tap name through two concatenated sets, so the cost per frame does
 * not grow with the number of instances. Taps with Fabric's prefix that are not (yet) in the sets
 * get nothing through: fail closed.
 */
final class BridgeTableBuilder {
    private BridgeTableBuilder() {
    }

    static Table build(List<HostDeployment> deployments, HostNetwork net, String tableName) {
        List<InstancePlacement> instances = deployments.stream().flatMap(d -> d.instances().stream())
                .sorted(Comparator.comparing(InstancePlacement::address)).toList();
        NftSet macs = new NftSet("tap_mac", false, "type ifname . ether_addr", false,
                "instance tap and the MAC its instance owns",
                instances.stream().map(i -> Element.of(quote(i.tap()) + " . " + i.mac(), i.label())).toList());
        NftSet ipv4 = new NftSet("tap_ipv4", false, "type ifname . ipv4_addr", false,
                "instance tap and the IPv4 address its instance owns",
                instances.stream().map(i -> Element.of(quote(i.tap()) + " . " + i.address(), i.label())).toList());
        Chain prerouting = new Chain("prerouting", new Hook("filter", "prerouting", "filter", "accept"), null, List.of(
                new Rule("iifname \"" + net.tapPrefix() + "*\" jump from_tap", "frames from instance taps")));
        Chain fromTap = new Chain("from_tap", null, "an instance may send only as itself", List.of(
                new Rule("iifname . ether saddr != @tap_mac drop", "foreign source MAC or unknown tap"),
                new Rule("iifname . ip saddr @tap_ipv4 accept", "IPv4 from its own address"),
                new Rule("iifname . arp saddr ether @tap_mac iifname . arp saddr ip @tap_ipv4 accept", "ARP about itself"),
                new Rule("drop", "anything else: spoofed IPv4 source, IPv6, VLAN tags")));
        return new Table(Family.BRIDGE, tableName, List.of(macs, ipv4), List.of(prerouting, fromTap));
    }

    private static String quote(String ifname) {
        return "\"" + ifname + "\"";
    }
}
