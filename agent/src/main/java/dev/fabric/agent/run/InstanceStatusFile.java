package dev.fabric.agent.run;

import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.image.AtomicFiles;
import dev.fabric.agent.reconcile.FailureHistory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Restart counts and last failure reasons, written by the process that reconciles so that
 * {@code fabric agent status} (another process) can show them. One line per instance:
 * {@code deployment TAB role TAB index TAB restarts TAB last-restart TAB reason}. Only for display:
 * the agent never reads it back into its memory (a restarted agent starts its histories afresh, 0500).
 */
public final class InstanceStatusFile {
    private final Path file;

    public InstanceStatusFile(Path file) {
        this.file = file;
    }

    public void write(Map<InstanceId, FailureHistory> failures) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(failures).forEach((id, h) -> b.append(clean(id.deployment())).append('\t').append(clean(id.role()))
                .append('\t').append(id.index()).append('\t').append(h.restarts()).append('\t').append(h.lastRestart())
                .append('\t').append(clean(h.lastReason())).append('\n'));
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

    public Map<InstanceId, FailureHistory> read() {
        Map<InstanceId, FailureHistory> out = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", 6);
                if (f.length == 6) {
                    out.put(new InstanceId(f[0], f[1], Integer.parseInt(f[2])),
                            new FailureHistory(Integer.parseInt(f[3]), Instant.parse(f[4]), f[5]));
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException | RuntimeException e) {
            return out; // display only: a damaged file shows no history rather than failing status
        }
        return out;
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
