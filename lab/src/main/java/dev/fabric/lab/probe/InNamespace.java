package dev.fabric.lab.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command inside a network namespace ({@code ip netns exec NS ...}) and collects its output.
 * A command that outlives its timeout is killed and reported as exit code -1.
 */
public final class InNamespace {
    private final String namespace;
    private final Path workingDir;

    public InNamespace(String namespace, Path workingDir) {
        this.namespace = namespace;
        this.workingDir = workingDir;
    }

    public String namespace() {
        return namespace;
    }

    public CommandResult run(Duration timeout, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(full).directory(workingDir.toFile()).start();
            process.getOutputStream().close();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                return new CommandResult(full, -1, out.join(), err.join() + "\n(killed after " + timeout.toSeconds() + " s)");
            }
            return new CommandResult(full, process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", full), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", full), e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output lost: " + e.getMessage() + ")";
            }
        });
    }
}
