package dev.fabric.controller.service;

import dev.fabric.protocol.metrics.LatencyHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.IntSupplier;

/**
 * Every period, at DEBUG on its own logger ({@code dev.fabric.controller.service.HeartbeatLog}): how many
 * sessions are open and how long the heartbeats of the period took on the event loops. The controller
 * benchmark (bench/controller-bench.sh) turns it on and reads these lines.
 */
final class HeartbeatLog implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatLog.class);

    private final LatencyHistogram times;
    private final IntSupplier sessions;

    HeartbeatLog(LatencyHistogram times, IntSupplier sessions) {
        this.times = times;
        this.sessions = sessions;
    }

    @Override
    public void run() {
        LatencyHistogram.Snapshot s = times.snapshotAndReset();
        if (LOG.isDebugEnabled()) {
            LOG.debug("heartbeats: sessions={} {}", sessions.getAsInt(), s);
        }
    }
}
