package dev.fabric.agent.execute;

import dev.fabric.agent.reconcile.Action;

import java.util.List;
import java.util.Optional;

/**
 * What running a plan did: the actions completed, in order, and the one that failed (the executor
 * stops there; the next reconcile plans again from what it then observes).
 */
public record ExecutionResult(List<Action> completed, Optional<Failure> failure) {
    public record Failure(Action action, String message) {
    }

    public ExecutionResult {
        completed = List.copyOf(completed);
    }

    public boolean succeeded() {
        return failure.isEmpty();
    }
}
