package dev.fabric.agent.run;

import dev.fabric.agent.libvirt.LibvirtDomain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Brings one deployment to its stored state and reports progress per instance, either by running
 * passes itself (the caller holds the {@link AgentLock}) or, when a running agent holds the lock, by
 * watching libvirt until that agent has done it (decision 0531).
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
    private final Consumer<String> progress;
    private final Map<String, String> shown = new HashMap<>();

    public ConvergenceWaiter(HostAgent agent, Clock clock, Consumer<String> progress) {
        this.agent = agent;
        this.clock = clock;
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
                    return new Result(Outcome.CONVERGED, Optional.empty(), passes);
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
        while (clock.instant().isBefore(deadline)) {
            report(deployment);
            if (agent.converged(deployment)) {
                return new Result(Outcome.CONVERGED, Optional.empty(), 0);
            }
            Thread.sleep(POLL.toMillis());
        }
        Optional<String> failure = agent.restartHistories().entrySet().stream()
                .filter(e -> e.getKey().deployment().equals(deployment)).map(e -> e.getKey() + ": " + e.getValue().lastReason())
                .findFirst();
        return new Result(Outcome.TIMED_OUT, failure, 0);
    }

    private Map<String, String> snapshot(String deployment) {
        Map<String, String> now = new HashMap<>();
        for (LibvirtDomain d : agent.domains(deployment)) {
            var s = d.spec().orElseThrow();
            now.put(s.id().text(), s.network().address() + " " + d.state().name().toLowerCase(Locale.ROOT).replace('_', ' '));
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
