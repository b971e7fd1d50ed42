package dev.fabric.agent.run;

import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.image.AtomicFiles;
import dev.fabric.agent.reconcile.FailureHistory;
import dev.fabric.agent.reconcile.Health;
import dev.fabric.agent.reconcile.ObservedDomain;
import dev.fabric.agent.reconcile.ObservedHost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Restart counts, last failure reasons and the latest health verdicts, written by the process that
 * reconciles so that {@code fabric agent status} (another process) can show them, and read back by the
 * next agent process so restart counts and backoff survive an agent restart (decision 0560). One line per
 * instance: {@code deployment TAB role TAB index TAB restarts TAB last-restart TAB reason TAB health TAB
 * health-reason}, restarts {@code -} when the instance has no restart history; lines from before health
 * was recorded have only the first six fields. Written atomically (rename), so a reader never sees half a file.
 */
public final class InstanceStatusFile {
    private static final String NO_HISTORY = "-";

    private final Path file;

    /** What the file holds: restart histories of the instances that have one, and the verdicts of the last pass. */
    public record Contents(Map<InstanceId, FailureHistory> histories, Map<InstanceId, Health> health) {
        public static final Contents EMPTY = new Contents(Map.of(), Map.of());

        public Contents {
            histories = Map.copyOf(histories);
            health = Map.copyOf(health);
        }
    }

    /** The file is there but cannot be read as a status file (damaged, or written by an unknown version). */
    public static final class UnreadableException extends RuntimeException {
        UnreadableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public InstanceStatusFile(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The verdict the pass used for every observed Fabric domain. */
    public static Map<InstanceId, Health> healthOf(ObservedHost observed) {
        Map<InstanceId, Health> out = new TreeMap<>();
        for (ObservedDomain d : observed.domains()) {
            d.spec().ifPresent(s -> out.put(s.id(), d.health()));
        }
        return out;
    }

    public void write(Map<InstanceId, FailureHistory> failures, Map<InstanceId, Health> health) {
        try {
            byte[] bytes = render(failures, health).getBytes(StandardCharsets.UTF_8);
            if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
                return;
            }
            AtomicFiles.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static String render(Map<InstanceId, FailureHistory> failures, Map<InstanceId, Health> health) {
        TreeSet<InstanceId> ids = new TreeSet<>(failures.keySet());
        ids.addAll(health.keySet());
        StringBuilder b = new StringBuilder();
        for (InstanceId id : ids) {
            FailureHistory h = failures.get(id);
            Health v = health.getOrDefault(id, Health.UNKNOWN);
            b.append(clean(id.deployment())).append('\t').append(clean(id.role())).append('\t').append(id.index())
                    .append('\t').append(h == null ? NO_HISTORY : String.valueOf(h.restarts()))
                    .append('\t').append(h == null ? Instant.EPOCH : h.lastRestart())
                    .append('\t').append(h == null ? "" : clean(h.lastReason()))
                    .append('\t').append(v.status().name()).append('\t').append(clean(v.reason())).append('\n');
        }
        return b.toString();
    }

    /**
     * The file's contents; {@link Contents#EMPTY} when there is no file yet.
     *
     * @throws UnreadableException naming the file and line when it cannot be read or parsed
     */
    public Contents load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Contents.EMPTY;
        } catch (IOException e) {
            throw new UnreadableException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new UnreadableException(file + ":" + e.getMessage(), e);
        }
    }

    /**
     * Parses the file's text (pure).
     *
     * @throws IllegalArgumentException {@code LINE: what is wrong} for the first line that is not a status line
     */
    static Contents parse(String text) {
        Map<InstanceId, FailureHistory> histories = new TreeMap<>();
        Map<InstanceId, Health> health = new TreeMap<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            if (lines[n].isEmpty()) {
                continue;
            }
            String[] f = lines[n].split("\t", -1);
            try {
                if (f.length != 6 && f.length != 8) {
                    throw new IllegalArgumentException("expected 8 (or 6) tab-separated fields, found " + f.length);
                }
                InstanceId id = new InstanceId(f[0], f[1], Integer.parseInt(f[2]));
                if (!f[3].equals(NO_HISTORY)) {
                    histories.put(id, new FailureHistory(Integer.parseInt(f[3]), Instant.parse(f[4]), f[5]));
                }
                if (f.length == 8) {
                    health.put(id, new Health(Health.Status.valueOf(f[6]), f[7]));
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException((n + 1) + ": not a status line (" + e.getMessage() + ")", e);
            }
        }
        return new Contents(histories, health);
    }

    /** Restart histories of the instances that have one; for display, so a damaged file shows none. */
    public Map<InstanceId, FailureHistory> read() {
        return loadForDisplay().histories();
    }

    /** The health verdicts of the last pass that wrote the file (files from before health was recorded have none). */
    public Map<InstanceId, Health> readHealth() {
        return loadForDisplay().health();
    }

    private Contents loadForDisplay() {
        try {
            return load();
        } catch (UnreadableException e) {
            return Contents.EMPTY; // display only: a damaged file shows nothing rather than failing status
        }
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
