package dev.fabric.controller.inventory;

import dev.fabric.servicedef.Diagnostic;
import dev.fabric.servicedef.xml.SafeXmlReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Re-reads {@code datacenter.xml} when its content changes and hands a new valid inventory to the
 * listener; a broken file keeps the old inventory and reports its errors once (per content).
 * <p>
 * Change is judged by a SHA-256 of the content, not by mtime: editors and {@code cp} can write a file
 * twice within one mtime tick, and the file is small (the XML reader caps it at 4 MiB), so hashing it
 * once per poll costs nothing worth saving. {@link #poll()} is the whole mechanism; {@link #schedule}
 * only calls it on the timer it is given, so tests drive it directly.
 */
public final class InventoryWatcher {
    /** What one poll found. */
    public enum Outcome { UNCHANGED, CHANGED, REJECTED }

    private final Path file;
    private final InventoryParser parser;
    private final InventoryListener listener;
    private byte[] lastDigest;
    private Inventory current;

    public InventoryWatcher(Path file, InventoryParser parser, InventoryListener listener) {
        this.file = file;
        this.parser = parser;
        this.listener = listener;
    }

    /** The inventory in force: the last valid one read, empty before the first. */
    public synchronized Optional<Inventory> current() {
        return Optional.ofNullable(current);
    }

    /** Reads the file if its content changed since the last poll and tells the listener. */
    public synchronized Outcome poll() {
        byte[] digest = digest();
        if (Arrays.equals(digest, lastDigest)) {
            return Outcome.UNCHANGED;
        }
        lastDigest = digest;
        InventoryLoad load = parser.parse(file);
        if (load.inventory().isEmpty()) {
            listener.inventoryRejected(load.errors());
            return Outcome.REJECTED;
        }
        Inventory next = load.inventory().get();
        if (next.equals(current)) { // e.g. only a comment changed
            return Outcome.UNCHANGED;
        }
        current = next;
        listener.inventoryChanged(next);
        return Outcome.CHANGED;
    }

    /** Polls every {@code interval} on {@code timer}; cancel the returned future to stop. */
    public ScheduledFuture<?> schedule(ScheduledExecutorService timer, Duration interval) {
        long millis = interval.toMillis();
        return timer.scheduleWithFixedDelay(this::pollReportingFailures, 0, millis, TimeUnit.MILLISECONDS);
    }

    private void pollReportingFailures() {
        try {
            poll();
        } catch (RuntimeException e) { // a listener bug must not silently end the schedule
            listener.inventoryRejected(List.of(Diagnostic.error(file.toString(), 1, 1,
                    "internal error while reloading the inventory: " + e)));
        }
    }

    /** The content's digest; a missing or unreadable file gets a digest of its own so it is reported once. */
    private byte[] digest() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try {
            long size = Files.size(file);
            if (size > SafeXmlReader.MAX_BYTES) { // the parser refuses it; do not read it all to say so
                return sha.digest(("too large " + size + " " + Files.getLastModifiedTime(file)).getBytes(UTF_8));
            }
            sha.update((byte) 'F'); // content is prefixed, so no content can collide with the markers below
            return sha.digest(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return sha.digest("missing".getBytes(UTF_8));
        } catch (IOException e) {
            return sha.digest(("unreadable " + e.getMessage()).getBytes(UTF_8));
        }
    }
}
