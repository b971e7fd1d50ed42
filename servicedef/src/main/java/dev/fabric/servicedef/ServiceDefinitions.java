package dev.fabric.servicedef;

import java.nio.file.Path;

/** Entry point: load and validate a service definition and (optionally) its configuration. */
public final class ServiceDefinitions {
    private ServiceDefinitions() {
    }

    /**
     * Parses and validates {@code csdef} and, when not null, {@code cscfg}. Without a cscfg every
     * role has one instance and no setting values. Never throws for bad input: problems come back as
     * diagnostics naming file, line and column.
     */
    public static Validation load(Path csdef, Path cscfg) {
        throw new UnsupportedOperationException("not implemented yet"); // the servicedef work fills this in
    }
}
