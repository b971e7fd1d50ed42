package dev.fabric.nativelib.libc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A throwaway network namespace named fabric-fw-*, deleted on close. Leftovers of a crashed run are
 * replaced, and namespaces of runs whose process is gone (their names carry its pid) are swept.
 */
public final class TestNetns implements AutoCloseable {
    private static final String PREFIX = "fabric-fw-";
    private static final Pattern PID = Pattern.compile("(?:^|-)(\\d+)(?:-|$)");
    private static boolean swept;
    private final String name;

    private TestNetns(String name) {
        this.name = name;
    }

    public static TestNetns create(String suffix) {
        sweepDeadRuns();
        String name = PREFIX + suffix;
        ip(false, "netns", "del", name);
        ip(true, "netns", "add", name);
        ip(true, "-n", name, "link", "set", "lo", "up");
        return new TestNetns(name);
    }

    /** Deletes fabric-fw-* namespaces whose name holds the pid of a process that no longer runs. */
    private static synchronized void sweepDeadRuns() {
        if (swept) {
            return;
        }
        swept = true;
        Path netnsDir = Path.of("/run/netns");
        if (!Files.isDirectory(netnsDir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(netnsDir)) {
            for (String ns : entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(PREFIX)).toList()) {
                Matcher pid = PID.matcher(ns.substring(PREFIX.length()));
                if (pid.find() && ProcessHandle.of(Long.parseLong(pid.group(1))).isEmpty()) {
                    ip(false, "netns", "del", ns);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Best effort: a namespace we cannot sweep is only clutter, never a wrong result.
        }
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        ip(false, "netns", "del", name);
    }

    public static void ip(boolean mustSucceed, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + cmd);
            }
            if (mustSucceed && p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
