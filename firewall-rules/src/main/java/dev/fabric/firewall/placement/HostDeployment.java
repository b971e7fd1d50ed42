package dev.fabric.firewall.placement;

import dev.fabric.servicedef.model.Service;

import java.util.List;

/**
 * One deployment as far as this host is concerned: the validated service and the instances placed
 * here. Internal endpoints admit only these instances as sources (a multi-host placement has to list
 * the peers' instances too; the sample placement is single-host).
 */
public record HostDeployment(String name, Service service, List<InstancePlacement> instances) {
    public HostDeployment {
        instances = List.copyOf(instances);
        for (InstancePlacement i : instances) {
            if (!i.deployment().equals(name)) {
                throw new IllegalArgumentException("instance " + i.label() + " listed under deployment " + name);
            }
            if (service.role(i.role()).isEmpty()) {
                throw new IllegalArgumentException("instance " + i.label() + " names role '" + i.role()
                        + "' which service " + service.name() + " does not define");
            }
        }
    }
}
