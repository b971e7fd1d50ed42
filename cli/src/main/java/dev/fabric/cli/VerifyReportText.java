package dev.fabric.cli;

import dev.fabric.agent.verify.InstanceCheck;
import dev.fabric.agent.verify.PortCheck;
import dev.fabric.agent.verify.PublicPortCheck;
import dev.fabric.agent.verify.VantagePoint;
import dev.fabric.agent.verify.VerifyReport;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.verify.PortSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report of {@code fabric verify} as a table for people (the format is in the user guide). */
final class VerifyReportText {
    private VerifyReportText() {
    }

    static String of(VerifyReport r) {
        StringBuilder b = new StringBuilder();
        if (r.instances().isEmpty()) {
            return "no deployments to verify on this host\nresult: ok (nothing to scan)\n";
        }
        b.append("verifying ").append(r.instances().size()).append(r.instances().size() == 1 ? " instance" : " instances")
                .append(", TCP ports ").append(r.scanned()).append('\n');
        for (VantagePoint v : r.vantages()) {
            b.append("  from ").append(v.name()).append(": ").append(v.description()).append(", source ").append(v.source())
                    .append('\n');
        }
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("INSTANCE", "ADDRESS", "DECLARED"));
        r.vantages().forEach(v -> header.add(v.name().toUpperCase(Locale.ROOT)));
        header.add("VERDICT");
        rows.add(header);
        for (InstanceCheck i : r.instances()) {
            List<String> row = new ArrayList<>(List.of(i.target().id().text(),
                    i.target().address().map(Ipv4Address::toString).orElse("-"), ports(i.declared())));
            for (VantagePoint v : r.vantages()) {
                PortCheck c = i.checks().get(v.name());
                row.add(c == null ? "-" : ports(c.reachable())
                        + (c.expected().equals(i.declared()) ? "" : " (acl: expect " + ports(c.expected()) + ")"));
            }
            row.add(i.verdict() + (i.target().state().equals("running") ? "" : " [" + i.target().state() + "]"));
            rows.add(row);
        }
        table(b, rows);
        if (!r.publicPorts().isEmpty()) {
            b.append("public ports on ").append(r.external().map(Ipv4Address::toString).orElse("?")).append(" from outside:\n");
            for (PublicPortCheck p : r.publicPorts()) {
                b.append(String.format(Locale.ROOT, "  %d/tcp %s %s -> %d: %s, %s%n", p.port().port(), p.owner(),
                        p.port().endpoint(), p.port().localPort(), p.open() ? "open" : "not open", p.verdict()));
            }
        }
        r.notChecked().forEach(n -> b.append("not checked: ").append(n).append('\n'));
        List<String> differences = r.differences();
        if (differences.isEmpty()) {
            b.append("result: ok: every instance answers on exactly its declared ports from ")
                    .append(String.join(" and ", r.vantages().stream().map(VantagePoint::name).toList())).append('\n');
        } else {
            long instances = r.instances().stream().filter(i -> !i.ok()).count();
            long publics = r.publicPorts().stream().filter(p -> !p.ok()).count();
            b.append("result: DIFFERS: ").append(instances).append(" of ").append(r.instances().size()).append(" instances, ")
                    .append(publics).append(" of ").append(r.publicPorts().size()).append(" public ports\n");
            differences.forEach(d -> b.append("  ").append(d).append('\n'));
        }
        return b.toString();
    }

    static String ports(PortSet ports) {
        return ports.isEmpty() ? "-" : ports.toString();
    }

    static void table(StringBuilder b, List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(c == columns - 1 ? row.get(c) : String.format("%-" + width[c] + "s  ", row.get(c)));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
