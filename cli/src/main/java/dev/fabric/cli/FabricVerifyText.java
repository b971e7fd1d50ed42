package dev.fabric.cli;

import dev.fabric.agent.verify.InstanceCheck;
import dev.fabric.agent.verify.PortCheck;
import dev.fabric.agent.verify.PublicPortCheck;
import dev.fabric.agent.verify.VantagePoint;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.verify.PortSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code fabric verify DEPLOYMENT --controller ...} as a table for people, in the stand-alone report's style. */
final class FabricVerifyText {
    private static final List<String> VANTAGES = List.of("outside", "bridge");

    private FabricVerifyText() {
    }

    static String of(FabricVerifyReport r) {
        StringBuilder b = new StringBuilder();
        int n = r.instanceCount();
        b.append("verifying ").append(r.deployment()).append(" through the controller at ").append(r.controller()).append(": ")
                .append(n).append(n == 1 ? " instance" : " instances").append(" on ").append(r.hosts().size())
                .append(r.hosts().size() == 1 ? " host" : " hosts").append(", TCP ports ").append(r.scanned()).append('\n');
        VantagePoint o = r.outside();
        b.append("  from outside: ").append(o.description()).append(", source ").append(o.source()).append('\n');
        b.append("  from bridge: each host's agent, a probe on its instance bridge at an address of no deployment\n");
        for (FabricVerifyReport.HostSection h : r.hosts()) {
            b.append("  host ").append(h.host()).append(": ");
            if (h.verified()) {
                b.append("bridge probe ").append(h.bridge().probeAddress().isEmpty() ? "-" : h.bridge().probeAddress()).append(" on ")
                        .append(h.bridge().bridge()).append(", external address ").append(h.bridge().externalAddress());
            } else {
                b.append(h.bridge().outcome()).append(": ").append(h.bridge().detail());
            }
            b.append('\n');
        }
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("INSTANCE", "HOST", "ADDRESS", "DECLARED"));
        VANTAGES.forEach(v -> header.add(v.toUpperCase(Locale.ROOT)));
        header.add("VERDICT");
        rows.add(header);
        for (FabricVerifyReport.HostSection h : r.hosts()) {
            for (InstanceCheck i : h.report().instances()) {
                List<String> row = new ArrayList<>(List.of(i.target().id().text(), h.host(),
                        i.target().address().map(Ipv4Address::toString).orElse("-"), VerifyReportText.ports(i.declared())));
                for (String v : VANTAGES) {
                    PortCheck c = i.checks().get(v);
                    // declared ports outside the scanned range are not expected: that is no ACL's doing
                    PortSet declared = i.declared().minus(i.declared().minus(r.scanned()));
                    row.add(c == null ? "?" : VerifyReportText.ports(c.reachable())
                            + (c.expected().equals(declared) ? "" : " (acl: expect " + VerifyReportText.ports(c.expected()) + ")"));
                }
                row.add(h.verdict(i) + (i.target().state().equals("running") ? "" : " [" + i.target().state() + "]"));
                rows.add(row);
            }
        }
        for (var u : r.unplaced()) {
            rows.add(List.of(u.instanceId(), "-", "-", "-", "-", "-", "DIFFERS: not placed"));
        }
        VerifyReportText.table(b, rows);
        List<String> publics = new ArrayList<>();
        for (FabricVerifyReport.HostSection h : r.hosts()) {
            for (PublicPortCheck p : h.report().publicPorts()) {
                publics.add(String.format(Locale.ROOT, "  %d/tcp on %s %s: %s %s -> %d: %s, %s", p.port().port(), h.host(),
                        h.report().external().map(Ipv4Address::toString).orElse("?"), p.owner(), p.port().endpoint(),
                        p.port().localPort(), p.open() ? "open" : "not open", p.verdict()));
            }
        }
        if (!publics.isEmpty()) {
            b.append("public ports from outside:\n");
            publics.forEach(l -> b.append(l).append('\n'));
        }
        r.notChecked().forEach(x -> b.append("not checked: ").append(x).append('\n'));
        List<String> differences = r.differences();
        if (differences.isEmpty()) {
            b.append("result: ok: every instance answers on exactly its declared ports from outside and from its host's bridge\n");
        } else {
            b.append("result: DIFFERS: ").append(differences.size()).append(differences.size() == 1 ? " difference" : " differences")
                    .append('\n');
            differences.forEach(d -> b.append("  ").append(d).append('\n'));
        }
        return b.toString();
    }
}
