package dev.fabric.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs system tools (ip, nft) for tests that build their own network namespaces. */
final class Commands {

    record Result(int exit, String output) {
    }

    private Commands() {
    }

    static Result run(long timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Runs a command that must succeed; its output goes into the failure message otherwise. */
    static String must(String... command) throws IOException, InterruptedException {
        Result result = run(30, List.of(command));
        if (result.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + result.exit() + ": " + result.output());
        }
        return result.output();
    }

    static void quietly(String... command) {
        try {
            run(30, List.of(command));
        } catch (IOException | InterruptedException | IllegalStateException ignored) {
            // best-effort cleanup
        }
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    static boolean isRoot() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return line.split("\\s+")[1].equals("0");
            }
        }
        return false;
    }
}
