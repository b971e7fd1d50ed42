package dev.fabric.agent.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The reconciler's answer.
 *
 * @param actions  what to do, in order
 * @param problems things the agent cannot fix by itself (a foreign domain holding an instance's name),
 *                 for status and logs; the instances concerned get no actions
 * @param wakeAt   when to plan again at the latest because a restart is waiting out its backoff
 */
public record Plan(List<Action> actions, List<String> problems, Optional<Instant> wakeAt) {
    public Plan {
        actions = List.copyOf(actions);
        problems = List.copyOf(problems);
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }
}
