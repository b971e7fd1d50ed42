package dev.fabric.lab.isolation;

import dev.fabric.lab.probe.CommandResult;

import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code fabric scan} said about one address: the ports it printed as open and whether they are
 * exactly the expected ones.
 */
public record ScanVerdict(CommandResult result, SortedSet<Integer> open, boolean asExpected) {
    private static final Pattern OPEN_LINE = Pattern.compile("(?m)^(\\d+)/tcp open$");

    /** {@code fabric scan --expect} exits 0 when the open ports are exactly the expected ones, 1 when they differ. */
    static ScanVerdict of(CommandResult result) {
        return new ScanVerdict(result, openPorts(result.stdout()), result.exitCode() == 0);
    }

    static SortedSet<Integer> openPorts(String stdout) {
        SortedSet<Integer> open = new TreeSet<>();
        Matcher m = OPEN_LINE.matcher(stdout);
        while (m.find()) {
            open.add(Integer.parseInt(m.group(1)));
        }
        return open;
    }
}
