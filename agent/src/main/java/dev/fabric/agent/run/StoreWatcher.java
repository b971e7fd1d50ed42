package dev.fabric.agent.run;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/**
 * Calls {@code onChange} when anything in the deployments directory changes (an {@code agent apply}
 * or {@code remove} from another process), so the running agent reacts at once instead of on its next
 * timer tick. The tick stays as the safety net: a missed event only delays a pass.
 */
public final class StoreWatcher implements AutoCloseable {
    private final WatchService watch;
    private final Thread thread;

    private StoreWatcher(WatchService watch, Runnable onChange) {
        this.watch = watch;
        this.thread = new Thread(() -> {
            try {
                while (true) {
                    WatchKey key = watch.take();
                    key.pollEvents();
                    onChange.run();
                    if (!key.reset()) {
                        return;
                    }
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                // closed: done
            }
        }, "fabric-store-watcher");
        thread.setDaemon(true);
    }

    public static StoreWatcher start(Path dir, Runnable onChange) throws IOException {
        Files.createDirectories(dir);
        WatchService w = FileSystems.getDefault().newWatchService();
        dir.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY);
        StoreWatcher s = new StoreWatcher(w, onChange);
        s.thread.start();
        return s;
    }

    @Override
    public void close() throws IOException {
        watch.close();
    }
}
