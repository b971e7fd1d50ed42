package dev.fabric.controller.model;

import java.util.Objects;

/**
 * A deployment as the controller keeps it: its name, the definition files as the operator gave them
 * (UTF-8 XML text; validated again whenever they are read back) and a version that grows with every
 * change (scale, reincarnation), so agents and readers can tell old from new.
 */
public record DeploymentRecord(String name, String csdef, String cscfg, long version) {
    public DeploymentRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(csdef, "csdef");
        Objects.requireNonNull(cscfg, "cscfg");
        if (version < 0) {
            throw new IllegalArgumentException("deployment " + name + ": version must be >= 0, was " + version);
        }
    }
}
