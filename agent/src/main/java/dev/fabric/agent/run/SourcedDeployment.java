package dev.fabric.agent.run;

import dev.fabric.agent.desired.HostAssignment;

import java.util.Optional;

/**
 * One deployment this host should run, as its source gives it: the stored definition, and the
 * controller's assignment for this host (empty for the stand-alone agent, which runs every instance).
 */
public record SourcedDeployment(StoredDeployment stored, Optional<HostAssignment> assignment) {
}
