package dev.fabric.agent.run;

import dev.fabric.servicedef.Diagnostic;

import java.util.List;

/** A deployment that failed validation; nothing was stored. The diagnostics name file:line:column. */
public final class DeploymentRejectedException extends RuntimeException {
    private final List<Diagnostic> errors;

    public DeploymentRejectedException(String message, List<Diagnostic> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<Diagnostic> errors() {
        return errors;
    }
}
