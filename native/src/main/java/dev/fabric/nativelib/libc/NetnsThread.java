package dev.fabric.nativelib.libc;

import com.sun.jna.LastErrorException;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A dedicated thread that has joined a named network namespace ({@code /run/netns/NAME}, as made by
 * {@code ip netns add}). setns(2) with CLONE_NEWNET changes only the calling thread, so everything
 * submitted here (sockets, netlink, a libnftables context) lives in that namespace while the rest of
 * the JVM stays where it was.
 */
public final class NetnsThread implements AutoCloseable {
    private final String name;
    private final ExecutorService executor;

    private NetnsThread(String name, ExecutorService executor) {
        this.name = name;
        this.executor = executor;
    }

    /** Starts the thread and joins namespace {@code name}; fails when the namespace does not exist. */
    public static NetnsThread join(String name) {
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "netns-" + name);
            t.setDaemon(true);
            return t;
        });
        NetnsThread thread = new NetnsThread(name, ex);
        try {
            thread.call(() -> {
                enter(Path.of("/run/netns", name));
                return null;
            });
        } catch (RuntimeException e) {
            ex.shutdownNow();
            throw e;
        }
        return thread;
    }

    private static void enter(Path nsFile) {
        int fd;
        try {
            fd = LibC.INSTANCE.open(nsFile.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IllegalStateException("cannot open network namespace " + nsFile + ": "
                    + LibC.INSTANCE.strerror(e.getErrorCode()) + " (does it exist? ip netns list)");
        }
        try {
            LibC.INSTANCE.setns(fd, LibC.CLONE_NEWNET);
        } catch (LastErrorException e) {
            throw new IllegalStateException("setns(" + nsFile + ") failed: " + LibC.INSTANCE.strerror(e.getErrorCode())
                    + " (needs CAP_SYS_ADMIN)");
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }

    /** Runs {@code task} inside the namespace and returns its result; its exception is rethrown. */
    public <T> T call(Callable<T> task) {
        Future<T> f = executor.submit(task);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running in netns " + name, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    /** Like {@link #call} but does not wait: for servers that must keep running in the namespace. */
    public <T> Future<T> submit(Callable<T> task) {
        return executor.submit(task);
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
