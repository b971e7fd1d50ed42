package dev.fabric.agent.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The host's single-executor lock: a POSIX record lock ({@code FileChannel.tryLock}, fcntl) on {@code agent.lock} in the state dir.
 * Whoever holds it is the only process that executes plans (decision 0531). The kernel drops it when
 * the process dies, so a killed agent never leaves it stuck.
 */
public final class AgentLock implements AutoCloseable {
    /**
     * Lock files this JVM holds. POSIX record locks belong to the process, and closing any descriptor of
     * the file drops them, so a second attempt in the same JVM must not even open the file.
     */
    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private AgentLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** @return the lock, or empty when another process holds it */
    public static Optional<AgentLock> tryAcquire(Path lockFile) {
        Path file = lockFile.toAbsolutePath().normalize();
        if (!HELD.add(file)) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                l = null; // held by this JVM through another path to the same file
            }
            if (l == null) {
                ch.close();
                HELD.remove(file);
                return Optional.empty();
            }
            return Optional.of(new AgentLock(file, ch, l));
        } catch (RuntimeException e) {
            HELD.remove(file);
            throw e;
        } catch (IOException e) {
            HELD.remove(file);
            throw new UncheckedIOException("cannot open the agent lock " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case
        } finally {
            HELD.remove(file);
        }
    }
}
