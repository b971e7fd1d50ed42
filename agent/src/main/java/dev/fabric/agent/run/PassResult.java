package dev.fabric.agent.run;

import dev.fabric.agent.execute.ExecutionResult;
import dev.fabric.agent.reconcile.Plan;

import java.util.Optional;

/**
 * One reconcile pass: the plan and what running it did. {@code problem} is set when no plan could be
 * made (e.g. the stored deployments no longer fit this host); then nothing was executed.
 */
public record PassResult(Plan plan, ExecutionResult execution, Optional<String> problem) {
    /** Nothing was left to do: the host already was as desired. */
    public boolean idle() {
        return problem.isEmpty() && plan.isEmpty();
    }

    public boolean failed() {
        return problem.isPresent() || !execution.succeeded();
    }

    public Optional<String> failure() {
        return problem.or(() -> execution.failure().map(ExecutionResult.Failure::message));
    }
}
