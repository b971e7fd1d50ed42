package dev.fabric.lab.isolation;

import java.util.List;
import java.util.SortedSet;
import java.util.stream.Collectors;

/** Formats the per-instance isolation rows as a table for people. */
public final class IsolationReport {
    private IsolationReport() {
    }

    public static String format(String vantage, List<IsolationRow> rows) {
        String header = String.format("%-20s %-14s %-12s %-12s %-12s %-12s %s", "instance", "role", "address",
                "declared", "fabric scan", "nmap", "verdict");
        StringBuilder out = new StringBuilder("Isolation report, seen from " + vantage + ":\n").append(header).append('\n');
        for (IsolationRow row : rows) {
            out.append(String.format("%-20s %-14s %-12s %-12s %-12s %-12s %s%n", row.instance().instanceId(),
                    row.instance().role().name(), row.instance().address(), ports(row.declared()),
                    ports(row.fabricScan().open()), ports(row.nmapOpen()),
                    row.isolated() ? "isolated" : "NOT ISOLATED"));
        }
        long bad = rows.stream().filter(r -> !r.isolated()).count();
        out.append(bad == 0 ? "All " + rows.size() + " instances answer on exactly their declared ports."
                : bad + " of " + rows.size() + " instances answer on ports they do not declare, or not on declared ones.");
        return out.append('\n').toString();
    }

    static String ports(SortedSet<Integer> ports) {
        return ports.isEmpty() ? "-" : ports.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
