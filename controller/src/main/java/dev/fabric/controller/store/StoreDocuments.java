package dev.fabric.controller.store;

import dev.fabric.controller.model.Assignment;
import java.util.List;

/**
 * The JSON documents kept in znodes (layout in {@link StoreLayout}). Every one carries {@code format}
 * so a reader can refuse what a newer controller wrote instead of misreading it. The generations
 * stored beside the data let a reader that reads a deployment's three znodes one after the other
 * tell a consistent set from one torn by a concurrent change (generations are unique per change).
 */
final class StoreDocuments {
    static final int FORMAT = 1;

    private StoreDocuments() {
    }

    interface Document {
        int format();
    }

    record GenerationDoc(int format, long generation) implements Document {
    }

    /**
     * {@code generation}: of the last change; {@code definitionGeneration}: of the last definition
     * change; {@code change}: a random id of the call that made the last change, so that a call whose
     * reply was lost (and that Curator retried) can recognise its own write. A generation alone cannot:
     * two writers may both have tried the same next generation.
     */
    record DeploymentDoc(int format, String name, long version, long generation, long definitionGeneration, String change)
            implements Document {
    }

    record DefinitionDoc(int format, long generation, String csdef, String cscfg) implements Document {
    }

    record AssignmentsDoc(int format, long generation, List<Assignment> assignments) implements Document {
    }

    record HostDoc(int format, HostRecord host) implements Document {
    }
}
