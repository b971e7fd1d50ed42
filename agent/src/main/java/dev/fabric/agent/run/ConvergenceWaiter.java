package dev.fabric.agent.run;

import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.libvirt.LibvirtDomain;
import dev.fabric.agent.reconcile.FailureHistory;
import dev.fabric.agent.reconcile.Health;
import dev.fabric.agent.reconcile.Reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Brings one deployment to its stored state and reports progress per instance, either by running
 * passes itself (the caller holds the {@link AgentLock}) or, when a running agent holds the lock, by
 * watching libvirt until that agent has done it (decision 0531). With {@code awaitServing}, a stored
 * deployment is done only when every instance also answers its health probe ({@link Serving}, read from
 * the status file the passes write), and an instance found unhealthy ends the wait as a failure.
 */
public final class ConvergenceWaiter {
    /** How often libvirt is looked at while another process reconciles, and the longest sleep between own passes. */
    static final Duration POLL = Duration.ofMillis(250);
    /** Consecutive failed passes after which waiting makes no sense: the failure is reported. */
    static final int GIVE_UP_AFTER = 5;

    public enum Outcome { CONVERGED, FAILED, TIMED_OUT }

    public record Result(Outcome outcome, Optional<String> failure, int passes) {
    }

    private final HostAgent agent;
    private final Clock clock;
    private final boolean awaitServing;
    private final Consumer<String> progress;
    private final Map<String, String> shown = new HashMap<>();

    /** Waits for the instances to run (not for them to answer their probes). */
    public ConvergenceWaiter(HostAgent agent, Clock clock, Consumer<String> progress) {
        this(agent, clock, false, progress);
    }

    public ConvergenceWaiter(HostAgent agent, Clock clock, boolean awaitServing, Consumer<String> progress) {
        this.agent = agent;
        this.clock = clock;
        this.awaitServing = awaitServing;
        this.progress = progress;
    }

    /** Runs passes until {@code deployment} is as stored and nothing else is left to do on the host. */
    public Result reconcile(String deployment, Duration timeout) throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        shown.putAll(snapshot(deployment)); // report changes from here on
        int passes = 0;
        int failedInARow = 0;
        Optional<String> lastFailure = Optional.empty();
        while (clock.instant().isBefore(deadline)) {
            PassResult r = agent.pass();
            passes++;
            report(deployment);
            if (r.failed()) {
                failedInARow++;
                lastFailure = r.failure();
                if (failedInARow >= GIVE_UP_AFTER || r.problem().isPresent()) {
                    return new Result(Outcome.FAILED, lastFailure, passes);
                }
            } else {
                failedInARow = 0;
                if (r.idle() && agent.converged(deployment)) {
                    Serving serving = serving(deployment);
                    if (serving.state() == Serving.State.FAILED) {
                        return new Result(Outcome.FAILED, serving.failure(), passes);
                    }
                    if (serving.state() == Serving.State.SERVING) {
                        return new Result(Outcome.CONVERGED, Optional.empty(), passes);
                    }
                }
            }
            Duration sleep = r.idle() || r.failed() ? POLL : Duration.ZERO;
            if (r.plan().wakeAt().isPresent()) {
                Duration until = Duration.between(clock.instant(), r.plan().wakeAt().get());
                sleep = until.isNegative() ? Duration.ZERO : until.compareTo(POLL) < 0 ? until : POLL;
            }
            Thread.sleep(sleep.toMillis());
        }
        return new Result(Outcome.TIMED_OUT, lastFailure, passes);
    }

    /** Waits for another process (the running agent) to bring {@code deployment} to its stored state. */
    public Result watch(String deployment, Duration timeout) throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        shown.putAll(snapshot(deployment));
        Map<InstanceId, Integer> restartsBefore = restarts(deployment);
        while (clock.instant().isBefore(deadline)) {
            report(deployment);
            Optional<String> restartedTooOften = restartedTooOften(deployment, restartsBefore);
            if (restartedTooOften.isPresent()) {
                return new Result(Outcome.FAILED, restartedTooOften, 0);
            }
            Serving serving = serving(deployment);
            if (serving.state() == Serving.State.FAILED) {
                return new Result(Outcome.FAILED, serving.failure(), 0);
            }
            if (agent.converged(deployment) && serving.state() == Serving.State.SERVING) {
                return new Result(Outcome.CONVERGED, Optional.empty(), 0);
            }
            Thread.sleep(POLL.toMillis());
        }
        Optional<String> failure = agent.restartHistories().entrySet().stream()
                .filter(e -> e.getKey().deployment().equals(deployment)).map(e -> e.getKey() + ": " + e.getValue().lastReason())
                .findFirst();
        return new Result(Outcome.TIMED_OUT, failure, 0);
    }

    private Map<InstanceId, Integer> restarts(String deployment) {
        Map<InstanceId, Integer> out = new HashMap<>();
        agent.restartHistories().forEach((id, h) -> {
            if (id.deployment().equals(deployment)) {
                out.put(id, h.restarts());
            }
        });
        return out;
    }

    /**
     * The running agent restarted an instance for failing its probe (with {@code awaitServing}: the
     * verdict itself is in the status file only until the restart's pass), or keeps restarting one (it
     * cannot start, or keeps crashing): no use waiting on.
     */
    private Optional<String> restartedTooOften(String deployment, Map<InstanceId, Integer> before) {
        for (Map.Entry<InstanceId, FailureHistory> e : new java.util.TreeMap<>(agent.restartHistories()).entrySet()) {
            int since = e.getValue().restarts() - before.getOrDefault(e.getKey(), 0);
            if (!e.getKey().deployment().equals(deployment) || since <= 0) {
                continue;
            }
            String reason = e.getValue().lastReason();
            if (awaitServing && reason.startsWith(Reconciler.UNHEALTHY)) {
                return Optional.of(e.getKey() + " does not serve: " + reason.substring(Reconciler.UNHEALTHY.length()));
            }
            if (since >= GIVE_UP_AFTER) {
                return Optional.of(e.getKey() + " was restarted " + e.getValue().restarts() + " times; last reason: " + reason);
            }
        }
        return Optional.empty();
    }


    /** Serving as far as this waiter cares: always, for a deployment being removed or when not awaiting probes. */
    private Serving serving(String deployment) {
        if (!awaitServing || agent.store().get(deployment).isEmpty()) {
            return new Serving(Serving.State.SERVING, Optional.empty());
        }
        List<InstanceId> ids = agent.domains(deployment).stream().map(d -> d.spec().orElseThrow().id()).toList();
        return Serving.of(ids, agent.lastHealth());
    }

    private Map<String, String> snapshot(String deployment) {
        Map<String, String> now = new HashMap<>();
        Map<InstanceId, Health> health = awaitServing ? agent.lastHealth() : Map.of();
        for (LibvirtDomain d : agent.domains(deployment)) {
            var s = d.spec().orElseThrow();
            Health h = health.getOrDefault(s.id(), Health.UNKNOWN);
            String answer = h.status() == Health.Status.HEALTHY ? ", serving" : "";
            now.put(s.id().text(), s.network().address() + " " + d.state().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + answer);
        }
        return now;
    }

    /** One line per instance whose state changed since the last report; one line per instance that went away. */
    private void report(String deployment) {
        Map<String, String> now = snapshot(deployment);
        now.forEach((id, line) -> {
            if (!line.equals(shown.get(id))) {
                progress.accept("  " + id + "  " + line);
            }
        });
        shown.keySet().stream().filter(id -> !now.containsKey(id)).sorted()
                .forEach(id -> progress.accept("  " + id + "  removed"));
        shown.clear();
        shown.putAll(now);
    }
}
