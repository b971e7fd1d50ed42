package dev.fabric.firewall.apply;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A throwaway network namespace named fabric-fw-*, deleted on close (leftovers of a crashed run are replaced). */
public final class TestNetns implements AutoCloseable {
    private final String name;

    private TestNetns(String name) {
        this.name = name;
    }

    public static TestNetns create(String suffix) {
        String name = "fabric-fw-" + suffix;
        ip(false, "netns", "del", name);
        ip(true, "netns", "add", name);
        ip(true, "-n", name, "link", "set", "lo", "up");
        return new TestNetns(name);
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
