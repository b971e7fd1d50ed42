package dev.fabric.agent.iproute;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs iproute2's {@code ip}: for the throwaway probe namespace of {@code fabric verify} (0550) and the
 * routes to other hosts' instance subnets (0661), both rare changes where a few milliseconds per call do
 * not matter. The child process is forked by the calling thread and so starts in that thread's network
 * namespace.
 */
public final class IpCommand {
    private static final long TIMEOUT_SECONDS = 30;

    private IpCommand() {
    }

    /** Runs {@code ip ARGS}; returns its output, throws with that output when it fails. */
    public static String run(String... args) {
        Result r = attempt(args);
        if (r.exit != 0) {
            throw new IpCommandException("ip " + String.join(" ", args) + " failed: " + r.output.strip());
        }
        return r.output;
    }

    /** Runs {@code ip ARGS} and tells whether it succeeded; for clean-ups and existence checks. */
    public static boolean quietly(String... args) {
        return attempt(args).exit == 0;
    }

    private record Result(int exit, String output) {
    }

    private static Result attempt(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new IpCommandException("cannot run ip (iproute2): " + e.getMessage() + "; install iproute2", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpCommandException("interrupted while running ip " + String.join(" ", args), e);
        }
    }
}
