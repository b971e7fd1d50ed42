package dev.fabric.servicedef.resolve;

import dev.fabric.servicedef.Diagnostic;

import java.util.ArrayList;
import java.util.List;

/** The diagnostics one resolve run collects; handed to each checker so none of them stops early. */
final class Problems {
    private final List<Diagnostic> all = new ArrayList<>();

    void add(Diagnostic d) {
        all.add(d);
    }

    List<Diagnostic> all() {
        return all;
    }

    boolean hasErrors() {
        return all.stream().anyMatch(Diagnostic::isError);
    }
}
