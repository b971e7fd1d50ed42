package dev.fabric.firewall.compile;

import dev.fabric.firewall.placement.HostDeployment;
import dev.fabric.firewall.placement.HostNetwork;
import dev.fabric.firewall.placement.InstancePlacement;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.Ipv4Subnet;
import dev.fabric.firewall.ruleset.Chain;
import dev.fabric.firewall.ruleset.Element;
import dev.fabric.firewall.ruleset.Family;
import dev.fabric.firewall.ruleset.Hook;
import dev.fabric.firewall.ruleset.NftSet;
import dev.fabric.firewall.ruleset.Rule;
import dev.fabric.firewall.ruleset.Table;
import dev.fabric.servicedef.model.AclRule;
import dev.fabric.servicedef.model.Endpoint;
import dev.fabric.servicedef.model.Role;
import dev.fabric.servicedef.model.Transport;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code table inet fabric}: what may reach instances, and the DNAT of public ports.
 *
 * <p>Per packet to an instance: conntrack state, then one lookup of (address . protocol . port) in a
 * verdict map of single ports, one in an interval map (port ranges, and runs of consecutive instance
 * addresses with the same ports, see {@link AddressRuns}), one of the address alone (internal
 * endpoints with protocol any), then drop. A verdict is {@code accept}, or a jump to the one chain
 * that restricts the sources (an endpoint ACL or an internal endpoint's source group). Instances
 * are only ever elements; chains exist per endpoint with an ACL, per source group and per
 * load-balanced endpoint.
 */
final class InetTableBuilder {
    private static final String VERDICT_KEY = "type ipv4_addr . inet_proto . inet_service : verdict";

    private record Sorted(long a, int b, int c, Element element) {
        static final Comparator<Sorted> ORDER =
                Comparator.comparingLong(Sorted::a).thenComparingInt(Sorted::b).thenComparingInt(Sorted::c);
    }

    /** Instances (of possibly several roles) that share a port segment, verdict and reason. */
    private record Opening(Transport proto, dev.fabric.servicedef.model.PortRange range, String verdict, String why) {
    }

    private final Map<Opening, List<AddressRuns.Member>> openings = new LinkedHashMap<>();
    private final HostNetwork net;
    private final Names names = new Names();
    private final List<Sorted> ports = new ArrayList<>();
    private final List<Sorted> ranges = new ArrayList<>();
    private final List<Sorted> any = new ArrayList<>();
    private final List<Sorted> dnatPublic = new ArrayList<>();
    private final List<Sorted> dnatInstance = new ArrayList<>();
    private final Map<String, NftSet> extraSets = new TreeMap<>();
    private final Map<String, Chain> extraChains = new TreeMap<>();

    InetTableBuilder(HostNetwork net) {
        this.net = net;
    }

    Table build(List<HostDeployment> deployments, String tableName) {
        for (HostDeployment d : deployments) {
            Map<String, List<InstancePlacement>> byRole = d.instances().stream()
                    .sorted(Comparator.comparingInt(InstancePlacement::index))
                    .collect(Collectors.groupingBy(InstancePlacement::role, LinkedHashMap::new, Collectors.toList()));
            for (Role role : d.service().roles()) {
                List<InstancePlacement> here = byRole.getOrDefault(role.name(), List.of());
                if (!here.isEmpty()) {
                    role(d, role, here);
                }
            }
        }
        elementsFromOpenings();
        Ipv4Subnet subnet = net.instanceSubnet();
        List<NftSet> sets = new ArrayList<>(List.of(
                map("ingress_ports", VERDICT_KEY, false, "instance address . protocol . port open on it", ports),
                map("ingress_ranges", VERDICT_KEY, true, "instance address . protocol . port range open on it", ranges),
                map("ingress_any", "type ipv4_addr : verdict", true, "instances with an internal endpoint of protocol any", any),
                map("dnat_public", VERDICT_KEY, false, "InputEndpoint public ports, load-balanced", dnatPublic),
                map("dnat_instance", "type ipv4_addr . inet_proto . inet_service : ipv4_addr . inet_service", false,
                        "InstanceInputEndpoint public port of each instance", dnatInstance)));
        sets.addAll(extraSets.values());
        List<Chain> chains = new ArrayList<>(List.of(
                new Chain("prerouting", new Hook("nat", "prerouting", "dstnat", "accept"), null, List.of(
                        new Rule("ip daddr . meta l4proto . th dport vmap @dnat_public", "InputEndpoint public ports"),
                        new Rule("dnat ip to ip daddr . meta l4proto . th dport map @dnat_instance",
                                "InstanceInputEndpoint public ports"))),
                new Chain("forward", new Hook("filter", "forward", "filter", "accept"), null, List.of(
                        new Rule("ip daddr " + subnet + " jump to_instance", "instance subnet: declared ports only"))),
                new Chain("input", new Hook("filter", "input", "filter", "accept"), null, List.of(
                        new Rule("ip saddr " + subnet + " jump from_instance", "instances get no service from the host"))),
                new Chain("to_instance", null, "traffic to instance addresses", List.of(
                        Rule.of("ct state established,related accept"),
                        Rule.of("ip daddr . meta l4proto . th dport vmap @ingress_ports"),
                        Rule.of("ip daddr . meta l4proto . th dport vmap @ingress_ranges"),
                        Rule.of("ip daddr vmap @ingress_any"),
                        new Rule("drop", "not declared"))),
                new Chain("from_instance", null, "traffic from instances to the host itself", List.of(
                        Rule.of("ct state established,related accept"),
                        new Rule("drop", "not declared")))));
        chains.addAll(extraChains.values());
        return new Table(Family.INET, tableName, sets, chains);
    }

    /** Single address and port: the hash map; anything with a range: the interval map. */
    private void elementsFromOpenings() {
        for (Map.Entry<Opening, List<AddressRuns.Member>> e : openings.entrySet()) {
            Opening o = e.getKey();
            for (AddressRuns.Run run : AddressRuns.of(e.getValue())) {
                long first = unsigned(run.first().address());
                if (o.proto() == Transport.ANY) {
                    any.add(new Sorted(first, 0, 0, new Element(run.addresses(), o.verdict(),
                            run.labels() + ": " + o.why() + " (any protocol)")));
                    continue;
                }
                String port = o.range().isSingle() ? Integer.toString(o.range().min()) : o.range().min() + "-" + o.range().max();
                Element el = new Element(run.addresses() + " . " + keyword(o.proto()) + " . " + port, o.verdict(),
                        run.labels() + ": " + o.why());
                (run.isSingle() && o.range().isSingle() ? ports : ranges)
                        .add(new Sorted(first, o.proto().ordinal(), o.range().min(), el));
            }
        }
    }

    private static NftSet map(String name, String type, boolean interval, String comment, List<Sorted> elements) {
        return new NftSet(name, true, type, interval, comment,
                elements.stream().sorted(Sorted.ORDER).map(Sorted::element).toList());
    }

    private void role(HostDeployment d, Role role, List<InstancePlacement> here) {
        Map<Transport, List<PortSegments.Covered>> covered = new EnumMap<>(Transport.class);
        SortedSet<Grant> anyGrants = new TreeSet<>();
        for (Endpoint e : role.endpoints()) {
            String who = d.name() + "/" + role.name() + "/" + e.name();
            if (e instanceof Endpoint.Input in) {
                Grant g = aclGrant(d, role, in.name(), in.acl());
                covered.computeIfAbsent(in.transport(), t -> new ArrayList<>())
                        .add(new PortSegments.Covered(dev.fabric.servicedef.model.PortRange.single(in.localPort()), g));
                loadBalance(d, role, in, here, who);
            } else if (e instanceof Endpoint.InstanceInput ii) {
                Grant g = aclGrant(d, role, ii.name(), ii.acl());
                covered.computeIfAbsent(ii.transport(), t -> new ArrayList<>())
                        .add(new PortSegments.Covered(dev.fabric.servicedef.model.PortRange.single(ii.localPort()), g));
                instancePorts(ii, here, who);
            } else if (e instanceof Endpoint.Internal it) {
                List<String> allowed = d.service().roles().stream().map(Role::name)
                        .filter(it.allowedFromRoles()::contains).toList();
                if (allowed.isEmpty()) {
                    continue; // no role may reach it: nothing opens
                }
                Grant g = new Grant(it.name(), sourceGroup(d, allowed));
                if (it.transport() == Transport.ANY) {
                    anyGrants.add(g);
                } else {
                    covered.computeIfAbsent(it.transport(), t -> new ArrayList<>()).add(new PortSegments.Covered(it.ports(), g));
                }
            }
        }
        for (Transport proto : List.of(Transport.TCP, Transport.UDP)) {
            for (PortSegments.Segment s : PortSegments.of(covered.getOrDefault(proto, List.of()))) {
                String verdict = verdict(s.grants());
                String why = s.grants().stream().map(Grant::endpoint).distinct().collect(Collectors.joining(", "));
                List<AddressRuns.Member> members = openings.computeIfAbsent(new Opening(proto, s.range(), verdict, why),
                        o -> new ArrayList<>());
                for (InstancePlacement i : here) {
                    members.add(new AddressRuns.Member(i.address(), i.label()));
                }
            }
        }
        if (!anyGrants.isEmpty()) {
            String verdict = verdict(anyGrants);
            String why = anyGrants.stream().map(Grant::endpoint).collect(Collectors.joining(", "));
            List<AddressRuns.Member> members = openings.computeIfAbsent(new Opening(Transport.ANY, null, verdict, why),
                    o -> new ArrayList<>());
            for (InstancePlacement i : here) {
                members.add(new AddressRuns.Member(i.address(), i.label()));
            }
        }
    }

    /** Open to everyone without an ACL; otherwise through the endpoint's ACL chain. */
    private Grant aclGrant(HostDeployment d, Role role, String endpoint, List<AclRule> acl) {
        if (acl.isEmpty()) {
            return Grant.open(endpoint);
        }
        String name = names.identifier("acl", d.name(), role.name(), endpoint);
        List<Rule> rules = new ArrayList<>();
        for (AclRule r : acl.stream().sorted(Comparator.comparingInt(AclRule::order)).toList()) {
            Ipv4Subnet from = Ipv4Subnet.parse(r.remoteSubnet());
            rules.add(new Rule("ip saddr " + from + (r.action() == AclRule.Action.PERMIT ? " accept" : " return"),
                    "order " + r.order() + " " + r.action().name().toLowerCase(java.util.Locale.ROOT)));
        }
        extraChains.put(name, new Chain(name, null,
                d.name() + "/" + role.name() + "/" + endpoint + ": endpoint ACL, first match wins, others denied", rules));
        return new Grant(endpoint, name);
    }

    /** A set of the source addresses (instances of the given roles of deployment d) and the chain that admits them. */
    private String sourceGroup(HostDeployment d, List<String> roles) {
        boolean all = roles.size() == d.service().roles().size();
        String name = all ? names.identifier("grp", d.name()) : names.identifier("grp", prepend(d.name(), roles));
        if (!extraChains.containsKey(name)) {
            String what = d.name() + ": instances of " + (all ? "every role" : "roles " + String.join(", ", roles));
            List<AddressRuns.Member> addresses = new ArrayList<>();
            d.instances().stream().filter(i -> roles.contains(i.role()))
                    .forEach(i -> addresses.add(new AddressRuns.Member(i.address(), i.label())));
            // Instances of the deployment on other hosts reach this one routed, from their own subnets.
            d.peers().stream().filter(p -> roles.contains(p.role()))
                    .forEach(p -> addresses.add(new AddressRuns.Member(p.address(), p.label())));
            // No element comments: the ingress elements name the instances.
            List<Element> members = AddressRuns.of(addresses).stream().map(r -> Element.of(r.addresses(), null)).toList();
            extraSets.put(name, new NftSet(name, false, "type ipv4_addr", true, what, members));
            extraChains.put(name, new Chain(name, null, what, List.of(Rule.of("ip saddr @" + name + " accept"))));
        }
        return name;
    }

    private static String[] prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray(String[]::new);
    }

    /** accept when any grant is open, else a jump to the restricting chain (or to a chain trying each in turn). */
    private String verdict(SortedSet<Grant> grants) {
        if (grants.stream().anyMatch(Grant::isOpen)) {
            return "accept";
        }
        List<String> chains = grants.stream().map(Grant::restrictedBy).distinct().sorted().toList();
        if (chains.size() == 1) {
            return "jump " + chains.get(0);
        }
        String name = "or_" + Names.hash("or", chains);
        extraChains.putIfAbsent(name, new Chain(name, null, "any of: " + String.join(", ", chains),
                chains.stream().map(c -> Rule.of("jump " + c)).toList()));
        return "jump " + name;
    }

    /** InputEndpoint: public port on each external address -> round robin over this host's instances. */
    private void loadBalance(HostDeployment d, Role role, Endpoint.Input in, List<InstancePlacement> here, String who) {
        String name = names.identifier("lb", d.name(), role.name(), in.name());
        String proto = keyword(in.transport());
        List<Element> buckets = new ArrayList<>();
        for (int k = 0; k < here.size(); k++) {
            InstancePlacement i = here.get(k);
            buckets.add(new Element(Integer.toString(k), i.address() + " . " + in.localPort(), i.label()));
        }
        extraSets.put(name, new NftSet(name, true, "typeof numgen inc mod 1 : ip daddr . " + proto + " dport", false,
                who + ": round-robin buckets", buckets));
        extraChains.put(name, new Chain(name, null, who + ": public " + proto + " " + in.publicPort() + " -> "
                + in.localPort() + ", round robin over this host's instances",
                List.of(Rule.of("meta l4proto " + proto + " dnat ip to numgen inc mod " + here.size() + " map @" + name))));
        for (Ipv4Address ext : net.externalAddresses()) {
            dnatPublic.add(new Sorted(unsigned(ext), in.transport().ordinal(), in.publicPort(),
                    new Element(ext + " . " + proto + " . " + in.publicPort(), "jump " + name, who)));
        }
    }

    /** InstanceInputEndpoint: instance i gets public port min+i on each external address. */
    private void instancePorts(Endpoint.InstanceInput ii, List<InstancePlacement> here, String who) {
        for (InstancePlacement i : here) {
            if (i.index() >= ii.publicPorts().size()) {
                throw new FirewallCompileException(who + ": instance " + i.index() + " has no public port: the range "
                        + ii.publicPorts() + " has only " + ii.publicPorts().size() + " port(s); widen AllocatePublicPortFrom");
            }
            int publicPort = ii.publicPorts().min() + i.index();
            for (Ipv4Address ext : net.externalAddresses()) {
                dnatInstance.add(new Sorted(unsigned(ext), ii.transport().ordinal(), publicPort,
                        new Element(ext + " . " + keyword(ii.transport()) + " . " + publicPort,
                                i.address() + " . " + ii.localPort(), i.label() + ": " + ii.name())));
            }
        }
    }

    private static long unsigned(Ipv4Address a) {
        return a.bits() & 0xffffffffL;
    }

    private static String keyword(Transport t) {
        return t.name().toLowerCase(java.util.Locale.ROOT);
    }
}
