package dev.fabric.agent.reconcile;

import dev.fabric.agent.configdrive.ConfigDrive;
import dev.fabric.agent.spec.InstanceSpec;

/** One instance as it should be: its spec and the config drive made for it. */
public record InstanceTarget(InstanceSpec spec, ConfigDrive configDrive) {
}
