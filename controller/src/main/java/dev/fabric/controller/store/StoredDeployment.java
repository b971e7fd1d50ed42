package dev.fabric.controller.store;

import dev.fabric.controller.model.Assignment;
import dev.fabric.controller.model.DeploymentRecord;
import java.util.List;
import java.util.Objects;

/**
 * A deployment as stored: its record (definition files and version), where its instances are placed
 * (sorted by instance), and the global generation of the transaction that last changed it.
 */
public record StoredDeployment(DeploymentRecord record, List<Assignment> assignments, long generation) {
    public StoredDeployment {
        Objects.requireNonNull(record, "record");
        assignments = List.copyOf(assignments);
    }

    public String name() {
        return record.name();
    }

    public long version() {
        return record.version();
    }
}
