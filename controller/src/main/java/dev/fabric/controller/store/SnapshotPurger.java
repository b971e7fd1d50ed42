package dev.fabric.controller.store;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;
import org.apache.zookeeper.server.persistence.Util;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded server's disk use bounded: deletes snapshots older than the newest
 * {@code keep} valid ones and the transaction logs only they need, at start and then periodically.
 * Same rule as ZooKeeper's own {@code PurgeTxnLog} (which also prints every deleted file to
 * standard output, where the fabric CLI writes its results, hence this class).
 */
final class SnapshotPurger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPurger.class);
    private static final String SNAPSHOT = "snapshot";
    private static final String LOG_PREFIX = "log";

    private final FileTxnSnapLog files;
    private final int keep;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "zookeeper-purge");
        t.setDaemon(true);
        return t;
    });

    SnapshotPurger(FileTxnSnapLog files, int keep) {
        if (keep < 3) {
            throw new IllegalArgumentException("keep at least 3 snapshots, was " + keep);
        }
        this.files = files;
        this.keep = keep;
    }

    /** Purges now (so a server restarted often stays bounded too), then every {@code periodMinutes}. */
    void start(long periodMinutes) {
        purgeQuietly();
        timer.scheduleWithFixedDelay(this::purgeQuietly, periodMinutes, periodMinutes, TimeUnit.MINUTES);
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.warn("purging old ZooKeeper snapshots in {} failed: {}", files.getSnapDir(), e.toString());
        }
    }

    /** Deletes what the newest {@code keep} valid snapshots do not need; returns the deleted files. */
    List<File> purge() {
        List<File> snapshots = files.findNValidSnapshots(keep);
        if (snapshots.size() < keep) {
            return List.of();
        }
        long oldestKept = Util.getZxidFromName(snapshots.get(snapshots.size() - 1).getName(), SNAPSHOT);
        // the log that starts before the oldest kept snapshot may hold transactions after it: keep it
        Set<File> needed = new HashSet<>(Arrays.asList(files.getSnapshotLogs(oldestKept)));
        List<File> old = new ArrayList<>();
        old.addAll(olderThan(files.getDataLogDir(), LOG_PREFIX, oldestKept, needed));
        old.addAll(olderThan(files.getSnapDir(), SNAPSHOT, oldestKept, needed));
        List<File> deleted = new ArrayList<>();
        for (File f : old) {
            if (f.delete()) {
                deleted.add(f);
            } else {
                LOG.warn("cannot delete old ZooKeeper file {}", f);
            }
        }
        if (!deleted.isEmpty()) {
            LOG.info("deleted {} old ZooKeeper snapshot and log files, keeping the newest {} snapshots", deleted.size(), keep);
        }
        return deleted;
    }

    private static List<File> olderThan(File dir, String prefix, long zxid, Set<File> needed) {
        File[] list = dir.listFiles(f -> f.getName().startsWith(prefix + ".") && !needed.contains(f)
                && Util.getZxidFromName(f.getName(), prefix) < zxid);
        return list == null ? List.of() : Arrays.asList(list);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
