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
 * about itself. Keyed on the tap name through one concatenated set, so the cost per frame does
 * not grow with the number of instances. Taps with Fabric's prefix that are not (yet) in the sets
 * get nothing through: fail closed.
 */
final class BridgeTableBuilder {
    private BridgeTableBuilder() {
    }

    static Table build(List<HostDeployment> deployments, HostNetwork net, String tableName) {
        List<InstancePlacement> instances = deployments.stream().flatMap(d -> d.instances().stream())
                .sorted(Comparator.comparing(InstancePlacement::address)).toList();
        // No element comments: the tap and address already name the instance (see the inet table), and
        // thousands of comments measurably slow a full apply.
        NftSet owned = new NftSet("tap_addr", false, "type ifname . ether_addr . ipv4_addr", false,
                "instance tap . the MAC and IPv4 address its instance owns",
                instances.stream().map(i -> Element.of(quote(i.tap()) + " . " + i.mac() + " . " + i.address(), null)).toList());
        Chain prerouting = new Chain("prerouting", new Hook("filter", "prerouting", "filter", "accept"), null, List.of(
                new Rule("iifname \"" + net.tapPrefix() + "*\" jump from_tap", "frames from instance taps")));
        Chain fromTap = new Chain("from_tap", null, "an instance may send only as itself", List.of(
                new Rule("iifname . ether saddr . ip saddr @tap_addr accept", "IPv4 from its own MAC and address"),
                new Rule("iifname . ether saddr . arp saddr ip @tap_addr iifname . arp saddr ether . arp saddr ip @tap_addr accept",
                        "ARP about itself"),
                new Rule("drop", "anything else: foreign MAC or address, unknown tap, IPv6, VLAN tags")));
        return new Table(Family.BRIDGE, tableName, List.of(owned), List.of(prerouting, fromTap));
    }

    private static String quote(String ifname) {
        return "\"" + ifname + "\"";
    }
}
