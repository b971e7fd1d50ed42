package dev.fabric.servicedef;

import dev.fabric.servicedef.model.Service;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of loading a csdef (and optionally its cscfg): the validated service when there is
 * no error, every diagnostic found (errors and warnings, in file order), and the elements Fabric
 * keeps but does not act on, each as a line such as {@code ignored: Sites (role WebRole1)} or
 * {@code ignored: Import RemoteForwarder (does not open tcp 3389)}.
 */
public record Validation(Optional<Service> service, List<Diagnostic> diagnostics, List<String> ignored) {
    public Validation {
        diagnostics = List.copyOf(diagnostics);
        ignored = List.copyOf(ignored);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }
}
