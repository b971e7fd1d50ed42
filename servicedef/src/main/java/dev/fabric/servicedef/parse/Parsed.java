package dev.fabric.servicedef.parse;

import dev.fabric.servicedef.Diagnostic;

import java.util.List;
import java.util.Optional;

/** A parsed document (absent when the file could not be read as XML at all) and what parsing found. */
public record Parsed<T>(Optional<T> document, List<Diagnostic> diagnostics) {
    public Parsed {
        diagnostics = List.copyOf(diagnostics);
    }
}
