package dev.fabric.lab.probe;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A second opinion on reachability: nmap's SYN scan of every TCP port ({@code nmap -p- -T4 -Pn -n}),
 * independent of Fabric's own scanner. All addresses go into one nmap run, which scans them in parallel.
 */
public final class NmapScan {
    private static final Pattern REPORT = Pattern.compile("^Nmap scan report for (\\S+)");
    private static final Pattern OPEN = Pattern.compile("^(\\d+)/tcp\\s+open\\s");

    private final InNamespace where;

    public NmapScan(InNamespace where) {
        this.where = where;
    }

    /** Open TCP ports per address; fails when nmap fails or leaves an address out of its report. */
    public Map<String, SortedSet<Integer>> openPorts(List<String> addresses, Duration timeout) {
        String[] command = new String[5 + addresses.size()];
        System.arraycopy(new String[] {"nmap", "-p-", "-T4", "-Pn", "-n"}, 0, command, 0, 5);
        for (int i = 0; i < addresses.size(); i++) {
            command[5 + i] = addresses.get(i);
        }
        CommandResult result = where.run(timeout, command);
        if (!result.ok()) {
            throw new IllegalStateException("nmap failed: " + result.describe());
        }
        Map<String, SortedSet<Integer>> open = parse(result.stdout());
        for (String address : addresses) {
            if (!open.containsKey(address)) {
                throw new IllegalStateException("nmap did not report on " + address + ": " + result.describe());
            }
        }
        return open;
    }

    /** Parses nmap's normal output: "Nmap scan report for ADDRESS" then lines "PORT/tcp open SERVICE". */
    public static Map<String, SortedSet<Integer>> parse(String output) {
        Map<String, SortedSet<Integer>> open = new LinkedHashMap<>();
        SortedSet<Integer> current = null;
        for (String line : output.split("\n")) {
            Matcher report = REPORT.matcher(line);
            if (report.find()) {
                current = new TreeSet<>();
                open.put(report.group(1), current);
                continue;
            }
            Matcher port = OPEN.matcher(line);
            if (current != null && port.find()) {
                current.add(Integer.parseInt(port.group(1)));
            }
        }
        return open;
    }
}
