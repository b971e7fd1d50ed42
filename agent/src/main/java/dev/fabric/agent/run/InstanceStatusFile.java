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
 * reconciles so that {@code fabric agent status} (another process) can show them. One line per instance:
 * {@code deployment TAB role TAB index TAB restarts TAB last-restart TAB reason TAB health TAB health-reason},
 * restarts {@code -} when the instance has no restart history. Written atomically (rename), so a reader
 * never sees half a file. Only for display: the agent never reads it back into its memory (a restarted
 * agent starts its histories afresh, 0500).
 */
public final class InstanceStatusFile {
    private static final String NO_HISTORY = "-";

    private final Path file;

    public InstanceStatusFile(Path file) {
        this.file = file;
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
        try {
            byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
            if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
                return;
            }
            AtomicFiles.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Restart histories of the instances that have one. */
    public Map<InstanceId, FailureHistory> read() {
        Map<InstanceId, FailureHistory> out = new TreeMap<>();
        for (String[] f : lines()) {
            if (!f[3].equals(NO_HISTORY)) {
                out.put(id(f), new FailureHistory(Integer.parseInt(f[3]), Instant.parse(f[4]), f[5]));
            }
        }
        return out;
    }

    /** The health verdicts of the last pass that wrote the file (files from before health was recorded have none). */
    public Map<InstanceId, Health> readHealth() {
        Map<InstanceId, Health> out = new TreeMap<>();
        for (String[] f : lines()) {
            if (f.length == 8) {
                out.put(id(f), new Health(Health.Status.valueOf(f[6]), f[7]));
            }
        }
        return out;
    }

    private java.util.List<String[]> lines() {
        java.util.List<String[]> out = new java.util.ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", 8);
                if (f.length == 6 || f.length == 8) {
                    id(f);
                    if (!f[3].equals(NO_HISTORY)) {
                        Integer.parseInt(f[3]);
                        Instant.parse(f[4]);
                    }
                    if (f.length == 8) {
                        Health.Status.valueOf(f[6]);
                    }
                    out.add(f);
                }
            }
        } catch (IOException | RuntimeException e) {
            return java.util.List.of(); // display only: a missing or damaged file shows nothing rather than failing status
        }
        return out;
    }

    private static InstanceId id(String[] f) {
        return new InstanceId(f[0], f[1], Integer.parseInt(f[2]));
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
