package dev.fabric.agent.run;

import dev.fabric.agent.health.HealthJudge;
import dev.fabric.agent.health.HealthListener;
import dev.fabric.agent.health.HealthMonitor;
import dev.fabric.agent.health.HealthSettings;
import dev.fabric.agent.health.InstanceProber;
import dev.fabric.agent.health.SocketSource;
import dev.fabric.nativelib.libc.NetnsThread;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * The real health side of an agent process: a {@link HealthMonitor} whose probes are made in the
 * configured network namespace ({@code health.namespace}, else the agent's own), with its threads.
 * {@link #close} stops probing and ends the threads.
 */
public final class HealthProbing implements AutoCloseable {
    /** Probes running at once; a stuck probe holds a thread for at most its deadline (0540). */
    private static final int POOL_SIZE = 8;

    private final Optional<NetnsThread> netns;
    private final ExecutorService pool;
    private final ScheduledExecutorService scheduler;
    private final HealthMonitor monitor;

    private HealthProbing(Optional<NetnsThread> netns, ExecutorService pool, ScheduledExecutorService scheduler,
                          HealthMonitor monitor) {
        this.netns = netns;
        this.pool = pool;
        this.scheduler = scheduler;
        this.monitor = monitor;
    }

    /** @param namespace empty: sockets in this process's namespace; else joined now (fails when it is gone) */
    public static HealthProbing start(Optional<String> namespace, HealthSettings settings, Clock clock) {
        Optional<NetnsThread> netns = namespace.map(NetnsThread::join);
        SocketSource sockets = netns.map(SocketSource::in).orElseGet(SocketSource::host);
        ExecutorService pool = Executors.newFixedThreadPool(POOL_SIZE, daemon("fabric-health-probe"));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("fabric-health-timer"));
        HealthMonitor monitor = new HealthMonitor(new InstanceProber(sockets, pool, clock), new HealthJudge(settings),
                clock, scheduler);
        return new HealthProbing(netns, pool, scheduler, monitor);
    }

    public HealthSource source() {
        return HealthSource.probedBy(monitor);
    }

    /** Told (on a prober thread) when an instance's health status changes. */
    public void addListener(HealthListener listener) {
        monitor.addListener(listener);
    }

    @Override
    public void close() {
        monitor.close();
        scheduler.shutdownNow();
        pool.shutdownNow();
        netns.ifPresent(NetnsThread::close);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
