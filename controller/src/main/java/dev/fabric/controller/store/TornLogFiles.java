package dev.fabric.controller.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves aside transaction log files too short to hold even ZooKeeper's 16-byte file header. A crash
 * (or a full disk) right after ZooKeeper created a new log file leaves one; ZooKeeper 3.9 then
 * refuses to start with a bare EOFException. Such a file holds no transaction (a transaction is
 * written after the header and acknowledged only once fsynced), so setting it aside loses nothing;
 * it is kept under {@code DIR/torn/} for whoever wants to look. Snapshots need no such help:
 * ZooKeeper skips a snapshot whose checksum does not match and takes the previous one.
 */
final class TornLogFiles {
    private static final Logger LOG = LoggerFactory.getLogger(TornLogFiles.class);
    /** magic (int), version (int), database id (long). */
    static final int HEADER_BYTES = 16;

    private TornLogFiles() {
    }

    /** Moves the header-less log files of {@code logVersionDir} to {@code tornDir}; returns what it moved. */
    static List<Path> setAside(Path logVersionDir, Path tornDir) throws IOException {
        List<Path> moved = new ArrayList<>();
        if (!Files.isDirectory(logVersionDir)) {
            return moved;
        }
        List<Path> torn;
        try (Stream<Path> files = Files.list(logVersionDir)) {
            torn = files.filter(p -> p.getFileName().toString().startsWith("log."))
                    .filter(p -> size(p) < HEADER_BYTES).sorted().toList();
        }
        for (Path file : torn) {
            Files.createDirectories(tornDir);
            Path target = tornDir.resolve(file.getFileName() + "." + System.currentTimeMillis());
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            LOG.warn("set aside ZooKeeper log file {} ({} bytes, no complete header, so no transactions; left by a crash) as {}",
                    file, size(target), target);
            moved.add(target);
        }
        return moved;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return Long.MAX_VALUE; // unreadable: leave it to ZooKeeper to report
        }
    }
}
