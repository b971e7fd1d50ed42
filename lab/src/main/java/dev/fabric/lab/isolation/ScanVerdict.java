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

    /**
     * With an expected list the command's exit code decides (0 exactly, 1 different). {@code fabric scan}
     * takes no empty --expect list, so "nothing may answer" is a scan without --expect that must succeed
     * and print no open port.
     */
    static ScanVerdict of(CommandResult result, SortedSet<Integer> expected) {
        SortedSet<Integer> open = openPorts(result.stdout());
        boolean asExpected = expected.isEmpty() ? result.exitCode() == 0 && open.isEmpty() : result.exitCode() == 0;
        return new ScanVerdict(result, open, asExpected);
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
