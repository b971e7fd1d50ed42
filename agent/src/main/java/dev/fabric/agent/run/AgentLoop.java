package dev.fabric.agent.run;

import dev.fabric.agent.libvirt.InstanceEvent;

import java.time.Clock;
import java.time.Duration;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The long-running agent: level-triggered passes, each started by a wake-up - a lifecycle event of a
 * Fabric domain (a crashed guest is handled at once), a change of the desired state, or the timer
 * (every {@code tick}, and earlier when a plan asks to be woken for a backoff). Wake-ups that arrive
 * during a pass coalesce into one more pass. {@link #stop} ends the loop after the current pass and
 * touches no guest.
 */
public final class AgentLoop implements Runnable {
    private final HostAgent agent;
    private final Duration tick;
    private final Clock clock;
    private final Consumer<String> log;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean stopping;
    private volatile Thread thread;
    private long passes;
    private volatile Runnable afterPass = () -> { };
    private boolean idle;

    public AgentLoop(HostAgent agent, Duration tick, Clock clock, Consumer<String> log) {
        this.agent = agent;
        this.tick = tick;
        this.clock = clock;
        this.log = log;
    }

    /** Runs after every pass on the loop's thread (a managed agent reports its instances' states). */
    public void afterEachPass(Runnable r) {
        this.afterPass = r;
    }

    /** Asks for a pass as soon as the current one (if any) is done. Safe from any thread (libvirt's event thread). */
    public void wake() {
        wake.release();
    }

    public void onEvent(InstanceEvent event) {
        log.accept("event: " + event.id() + " " + event.kind());
        wake();
    }

    public long passes() {
        return passes;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        String lastFailure = null;
        while (!stopping) {
            wake.drainPermits();
            PassResult r;
            try {
                r = agent.pass();
            } catch (RuntimeException e) {
                // the agent must outlive any single pass (e.g. the status file's disk is full): log, retry on the tick
                log.accept("pass failed: " + e);
                sleepQuietly(tick);
                continue;
            }
            passes++;
            try {
                afterPass.run();
            } catch (RuntimeException e) {
                log.accept("after pass: " + e);
            }
            r.execution().completed().forEach(a -> log.accept("did: " + ActionText.of(a)));
            r.plan().problems().forEach(p -> log.accept("problem: " + p));
            String failure = r.failure().orElse(null);
            if (failure != null && !failure.equals(lastFailure)) {
                log.accept("failed: " + failure);
            }
            lastFailure = failure;
            boolean idleNow = r.idle() && !r.failed();
            if (idleNow && !idle) {
                // the line benchmarks and people watch for: e.g. the first one after a restart = all guests re-adopted
                log.accept("idle: the host is as desired after pass " + passes + " (" + agent.domains(null).size()
                        + " Fabric domains)");
            }
            idle = idleNow;
            Duration wait = tick;
            if (r.plan().wakeAt().isPresent()) {
                Duration until = Duration.between(clock.instant(), r.plan().wakeAt().get());
                wait = until.isNegative() ? Duration.ZERO : (until.compareTo(tick) < 0 ? until : tick);
            }
            if (!r.idle() && !r.failed()) {
                wait = Duration.ZERO; // level-triggered: plan again at once until there is nothing to do
            }
            try {
                wake.tryAcquire(Math.max(wait.toMillis(), 0), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    private void sleepQuietly(Duration d) {
        try {
            wake.tryAcquire(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /** Ends the loop after the pass in progress; guests keep running. */
    public void stop() {
        stopping = true;
        wake();
    }

}
