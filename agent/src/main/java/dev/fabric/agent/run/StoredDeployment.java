package dev.fabric.agent.run;

import dev.fabric.servicedef.model.Service;

import java.nio.file.Path;

/** A deployment as the stand-alone store keeps it: its name, the files as given, and the validated service. */
public record StoredDeployment(String name, Path csdef, Path cscfg, Service service) {
}
