package dev.fabric.agent.health;

import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.reconcile.Health;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Probes every watched guest at its probe's interval and keeps the judge's verdict for the reconciler.
 *
 * <p>Use from the agent's loop, once per round, with the domains just read from libvirt:
 * <pre>{@code
 * Function<InstanceId, Health> health = monitor.observe(WatchedInstances.running(domains, WatchedInstances.probes(deployments)));
 * ObservedHost observed = HostObserver.observe(domains, volumes, memory, health);
 * }</pre>
 * and {@link #addListener} to wake the loop when an instance turns unhealthy. A guest whose domain id
 * changed (restarted) starts a fresh history and grace period, so the verdict handed out with a domain
 * list always belongs to the boot in that list.
 */
public final class HealthMonitor implements AutoCloseable {
    private final InstanceProber prober;
    private final HealthJudge judge;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    /**
     * How often a booting guest is probed until it first answers, so that "serving" is seen within a
     * second of the guest opening its port rather than up to a probe interval later (decision 0570).
     */
    static final Duration BOOT_INTERVAL = Duration.ofSeconds(1);

    private final Map<InstanceId, Watch> watches = new HashMap<>();
    private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();

    /** One guest being probed: its current boot, history and probe schedule. Guarded by the monitor. */
    private static final class Watch {
        final WatchedInstance instance;
        ProbeTrack track;
        Health.Status lastStatus = Health.Status.UNKNOWN;
        boolean inFlight;
        ScheduledFuture<?> schedule;
        /** Until the first answer of this boot, probes go every {@link #BOOT_INTERVAL}, not at the probe's interval. */
        boolean booting = true;

        Watch(WatchedInstance instance, ProbeTrack track) {
            this.instance = instance;
            this.track = track;
        }
    }

    /** @param scheduler only fires probes (they run on the prober's pool); one thread is enough */
    public HealthMonitor(InstanceProber prober, HealthJudge judge, Clock clock, ScheduledExecutorService scheduler) {
        this.prober = prober;
        this.judge = judge;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    public void addListener(HealthListener listener) {
        listeners.add(listener);
    }

    /**
     * Makes {@code running} the set of probed guests (new ones start being probed at once, gone ones stop,
     * restarted ones start afresh) and returns their health as of now, for {@code HostObserver.observe}.
     * Instances not in {@code running} are {@link Health#UNKNOWN}.
     */
    public synchronized Function<InstanceId, Health> observe(Collection<WatchedInstance> running) {
        Map<InstanceId, WatchedInstance> wanted = running.stream()
                .collect(Collectors.toMap(WatchedInstance::id, w -> w, (a, b) -> b));
        for (InstanceId id : Set.copyOf(watches.keySet())) {
            Watch w = watches.get(id);
            if (!w.instance.equals(wanted.get(id))) {
                stop(watches.remove(id));
            }
        }
        for (WatchedInstance w : wanted.values()) {
            if (!watches.containsKey(w.id())) {
                start(w);
            }
        }
        Map<InstanceId, Health> now = snapshot();
        return id -> now.getOrDefault(id, Health.UNKNOWN);
    }

    /** Every watched instance's health now (the reasons are what status shows). */
    public synchronized Map<InstanceId, Health> snapshot() {
        Map<InstanceId, Health> all = new HashMap<>();
        watches.forEach((id, w) -> all.put(id, verdict(w)));
        return all;
    }

    private Health verdict(Watch w) {
        return w.instance.probe().map(p -> judge.verdict(w.track, p, clock.instant())).orElseGet(HealthJudge::unprobed);
    }

    private void start(WatchedInstance instance) {
        Watch w = new Watch(instance, ProbeTrack.startedAt(clock.instant()));
        watches.put(instance.id(), w);
        instance.probe().ifPresent(p -> w.schedule = schedule(w, Duration.ZERO, shorter(BOOT_INTERVAL, p.interval())));
    }

    private ScheduledFuture<?> schedule(Watch w, Duration first, Duration every) {
        return scheduler.scheduleWithFixedDelay(() -> fire(w), first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void stop(Watch w) {
        if (w != null && w.schedule != null) {
            w.schedule.cancel(false);
        }
    }

    private void fire(Watch w) {
        synchronized (this) {
            if (w.inFlight || watches.get(w.instance.id()) != w) {
                return; // the previous probe is still running, or this boot is no longer watched
            }
            w.inFlight = true;
        }
        var probe = w.instance.probe().orElseThrow();
        Duration deadline = judge.attemptDeadline(probe);
        try {
            prober.probeAsync(w.instance.address(), probe, deadline).whenComplete((outcome, error) -> record(w, outcome, error));
        } catch (RuntimeException e) {
            // e.g. the pool is shut down; an exception escaping here would silently end this instance's schedule
            record(w, null, e);
        }
    }

    private void record(Watch w, ProbeOutcome outcome, Throwable error) {
        Health changed = null;
        synchronized (this) {
            w.inFlight = false;
            if (watches.get(w.instance.id()) != w) {
                return;
            }
            ProbeOutcome o = Objects.requireNonNullElseGet(outcome,
                    () -> ProbeOutcome.failed(clock.instant(), "probe did not run: " + error));
            w.track = w.track.with(o);
            if (w.booting && o.ok()) {
                // first answer of this boot: from now on the probe's own interval (csdef default 15 s)
                w.booting = false;
                w.schedule.cancel(false);
                Duration every = w.instance.probe().orElseThrow().interval();
                w.schedule = schedule(w, every, every);
            }
            Health h = verdict(w);
            if (h.status() != w.lastStatus) {
                w.lastStatus = h.status();
                changed = h;
            }
        }
        if (changed != null) {
            for (HealthListener l : listeners) {
                l.changed(w.instance.id(), changed);
            }
        }
    }

    /** Stops probing (the scheduler and the prober's pool belong to the caller). */
    @Override
    public synchronized void close() {
        watches.values().forEach(HealthMonitor::stop);
        watches.clear();
    }
}
