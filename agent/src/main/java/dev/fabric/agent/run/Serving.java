package dev.fabric.agent.run;

import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.reconcile.Health;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the instances of a deployment serve, judged from the health verdicts of the last pass: all
 * {@link Health.Status#HEALTHY} is serving; one {@link Health.Status#UNHEALTHY} is a failure (its probe
 * failed past the grace period, e.g. the guest does not listen on its first declared port); anything
 * else is "not yet". Pure.
 */
public record Serving(State state, Optional<String> failure) {
    public enum State { SERVING, NOT_YET, FAILED }

    public static Serving of(Collection<InstanceId> instances, Map<InstanceId, Health> health) {
        boolean all = !instances.isEmpty();
        for (InstanceId id : instances.stream().sorted().toList()) {
            Health h = health.getOrDefault(id, Health.UNKNOWN);
            if (h.status() == Health.Status.UNHEALTHY) {
                return new Serving(State.FAILED, Optional.of(id.text() + " does not serve: " + h.reason()));
            }
            all &= h.status() == Health.Status.HEALTHY;
        }
        return new Serving(all ? State.SERVING : State.NOT_YET, Optional.empty());
    }
}
