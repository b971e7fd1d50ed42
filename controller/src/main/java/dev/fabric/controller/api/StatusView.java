package dev.fabric.controller.api;

import java.util.List;

/**
 * {@code GET /v1/status} and {@code fabric status --json}: every deployment and every instance, one flat list
 * (docs/STATUS-JSON.md). Fields are only ever added; a change that removes or renames one raises {@link #SCHEMA}.
 *
 * @param schema      the schema version, {@value #SCHEMA}
 * @param deployments name, version and roles of each deployment (their instances are in {@code instances})
 * @param instances   every instance of every deployment, by deployment name, role in definition order, index
 */
public record StatusView(int schema, List<DeploymentSummary> deployments, List<InstanceView> instances) {
    public static final int SCHEMA = 1;

    public StatusView {
        deployments = List.copyOf(deployments);
        instances = List.copyOf(instances);
    }

    public record DeploymentSummary(String name, long version, List<RoleView> roles) {
        public DeploymentSummary {
            roles = List.copyOf(roles);
        }
    }

    public static StatusView of(List<DeploymentView> deployments) {
        return new StatusView(SCHEMA,
                deployments.stream().map(d -> new DeploymentSummary(d.name(), d.version(), d.roles())).toList(),
                deployments.stream().flatMap(d -> d.instances().stream()).toList());
    }
}
