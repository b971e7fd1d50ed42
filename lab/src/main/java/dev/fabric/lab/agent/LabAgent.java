package dev.fabric.lab.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code fabric agent --settings FILE run} as a child process inside the lab namespace (where the
 * instance bridge and the firewall are), logging to a file. It can be stopped (SIGTERM), killed with
 * SIGKILL like a crash, and started again on the same settings, as the end-to-end tests need.
 */
public final class LabAgent implements AutoCloseable {
    private static final String IDLE = " idle: the host is as desired";

    private final String namespace;
    private final Path repo;
    private final Path settings;
    private final Path log;
    private Process process;

    public LabAgent(String namespace, Path repo, Path settings, Path log) {
        this.namespace = namespace;
        this.repo = repo;
        this.settings = settings;
        this.log = log;
    }

    /**
     * Starts the agent and waits until its first pass found nothing left to do ({@code idle:} in its
     * log): with running guests, that is the moment they are all re-adopted.
     *
     * @return the time from starting the process to that line
     */
    public Duration start(Duration timeout) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the lab agent runs already (pid " + process.pid() + ")");
        }
        int linesBefore = lines().size();
        Instant started = Instant.now();
        try {
            process = new ProcessBuilder("ip", "netns", "exec", namespace, "./fabric", "agent", "--settings",
                    settings.toString(), "run").directory(repo.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the lab agent", e);
        }
        Instant deadline = started.plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<String> now = lines();
            if (now.subList(Math.min(linesBefore, now.size()), now.size()).stream().anyMatch(l -> l.contains(IDLE))) {
                return Duration.between(started, Instant.now());
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the lab agent exited with " + process.exitValue() + "; its log:\n" + text());
            }
            sleep(Duration.ofMillis(50));
        }
        throw new IllegalStateException("the lab agent did not finish a pass within " + timeout.toSeconds() + " s; log:\n" + text());
    }

    /** The agent process's pid (the launcher execs java, so this is the JVM). */
    public long pid() {
        return process.pid();
    }

    /** SIGKILL, as a crash would: no shutdown hook runs. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait: the agent finishes its pass and leaves the guests running. */
    public int stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return process == null ? 0 : process.exitValue();
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill9();
        }
        return process.exitValue();
    }

    /** Resident memory of the agent process in KiB ({@code VmRSS}). */
    public long residentKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/" + pid() + "/status");
    }

    public String text() {
        return String.join("\n", lines());
    }

    private List<String> lines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
