package dev.fabric.agent.verify;

import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.verify.PortSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Scans every instance from every vantage point and compares with what the definitions declare.
 * From a vantage point that belongs to no deployment an instance must answer on exactly the local
 * ports of its Input and InstanceInput endpoints that the endpoint ACLs let that source reach;
 * anything else (internal endpoints, undeclared listeners) must not answer. From the outside vantage
 * point each declared public TCP port must also answer on the host's external address; only those
 * ports are probed there, since the host may run services of its own.
 */
public final class IsolationVerifier {
    private final PortSet ports;
    private final Consumer<String> progress;

    /** @param progress receives one line before each scan (the scans of a full port range take seconds) */
    public IsolationVerifier(PortSet ports, Consumer<String> progress) {
        this.ports = ports;
        this.progress = progress;
    }

    /**
     * @param publicFrom the vantage point to probe public ports from, with the host's external address;
     *                   empty to skip public ports
     */
    public VerifyReport verify(List<VerifyTarget> targets, List<VantagePoint> vantages,
                               Optional<PublicSide> publicFrom) {
        List<InstanceCheck> checks = new ArrayList<>();
        List<String> notChecked = new ArrayList<>();
        for (VerifyTarget t : targets) {
            PortSet declared = DeclaredPorts.tcp(t.role());
            Map<String, PortCheck> byVantage = new LinkedHashMap<>();
            if (t.address().isPresent()) {
                Ipv4Address address = t.address().get();
                for (VantagePoint v : vantages) {
                    progress.accept("scanning " + t.id().text() + " " + address + " from " + v.name() + " (" + v.description() + ")");
                    PortSet expected = within(DeclaredPorts.reachableFrom(t.role(), v.source()));
                    byVantage.put(v.name(), new PortCheck(expected, v.scanner().openPorts(address, ports)));
                }
            }
            checks.add(new InstanceCheck(t, declared, byVantage));
            if (t.id().index() == 0) {
                DeclaredPorts.uncheckable(t.role()).forEach(u -> notChecked.add(t.id().deployment() + "." + t.role().name()
                        + " " + u + ": a TCP connect scan cannot check UDP"));
            }
        }
        List<PublicPortCheck> publicChecks = publicFrom.map(side -> publicPorts(targets, side)).orElse(List.of());
        return new VerifyReport(vantages, ports, checks, publicFrom.map(PublicSide::external), publicChecks, notChecked);
    }

    /** The ports outside the scanned range are neither expected nor seen. */
    private PortSet within(PortSet expected) {
        return expected.minus(expected.minus(ports));
    }

    private List<PublicPortCheck> publicPorts(List<VerifyTarget> targets, PublicSide side) {
        Map<String, PublicPort> wanted = new LinkedHashMap<>();
        Map<String, String> owners = new LinkedHashMap<>();
        for (VerifyTarget t : targets) {
            for (PublicPort p : DeclaredPorts.publicPorts(t.role(), t.id().index())) {
                String owner = p.perInstance() ? t.id().text() : t.id().deployment() + "." + t.role().name();
                // A load-balanced port answers for the role as a whole: one check per role, not per instance.
                String key = owner + "/" + p.endpoint();
                if (t.address().isPresent() || !p.perInstance()) {
                    wanted.putIfAbsent(key, p);
                    owners.putIfAbsent(key, owner);
                }
            }
        }
        if (wanted.isEmpty()) {
            return List.of();
        }
        PortSet probe = PortSet.of(wanted.values().stream().map(PublicPort::port).toList());
        progress.accept("probing public ports " + probe + " on " + side.external() + " from " + side.vantage().name());
        PortSet open = side.vantage().scanner().openPorts(side.external(), probe);
        List<PublicPortCheck> out = new ArrayList<>();
        wanted.forEach((key, p) -> out.add(new PublicPortCheck(owners.get(key), p,
                AclDecision.permits(p.acl(), side.vantage().source()), open.contains(p.port()))));
        return out;
    }

    /** Where public ports are probed: from {@code vantage} to the host's {@code external} address. */
    public record PublicSide(VantagePoint vantage, Ipv4Address external) {
    }
}
