package dev.fabric.controller.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS lock on a file in the embedded server's directory. A standalone ZooKeeper does not
 * lock its data directory, and two servers writing one transaction log would corrupt it. The lock
 * dies with the process, so a crashed earlier run leaves only a harmless file behind.
 */
final class DataDirectoryLock implements AutoCloseable {
    static final String FILE_NAME = "fabric-zookeeper.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirectoryLock acquire(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(directory, null);
            }
            return new DataDirectoryLock(channel, lock);
        } catch (OverlappingFileLockException e) { // this very process holds it already
            closeQuietly(channel);
            throw inUse(directory, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreUnavailableException("cannot lock " + file + ": " + e.getMessage()
                    + "; check that the directory is writable by this user", e);
        } catch (StoreUnavailableException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static StoreUnavailableException inUse(Path directory, Throwable cause) {
        return new StoreUnavailableException("ZooKeeper data directory " + directory
                + " is in use by another running controller (it holds " + FILE_NAME
                + "); stop that one first or give this one another directory", cause);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do: we are already reporting the real problem
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new StoreException("cannot release the lock on the ZooKeeper data directory: " + e.getMessage(), e);
        }
    }
}
