package dev.fabric.agent.desired;

import dev.fabric.servicedef.model.Service;

import java.util.List;

/** A deployment as this host should run it: the validated service and the instances placed here, in placement order. */
public record DesiredDeployment(String name, Service service, List<DesiredInstance> instances) {
    public DesiredDeployment {
        DeploymentNames.requireValid(name);
        instances = List.copyOf(instances);
        for (DesiredInstance i : instances) {
            if (!i.id().deployment().equals(name)) {
                throw new IllegalArgumentException("instance " + i.id() + " listed under deployment " + name);
            }
        }
    }

    public long memoryMiB() {
        return instances.stream().mapToLong(DesiredInstance::memoryMiB).sum();
    }
}
