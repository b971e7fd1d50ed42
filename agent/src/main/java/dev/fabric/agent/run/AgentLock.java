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
 * The host's single-executor lock: a {@code flock}-style lock on {@code agent.lock} in the state dir.
 * Whoever holds it is the only process that executes plans (decision 0531). The kernel drops it when
 * the process dies, so a killed agent never leaves it stuck.
 */
public final class AgentLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private AgentLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @return the lock, or empty when another process holds it */
    public static Optional<AgentLock> tryAcquire(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                l = null; // held by this JVM already
            }
            if (l == null) {
                ch.close();
                return Optional.empty();
            }
            return Optional.of(new AgentLock(ch, l));
        } catch (IOException e) {
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
        }
    }
}
