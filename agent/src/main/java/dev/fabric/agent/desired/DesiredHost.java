package dev.fabric.agent.desired;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one host should run: its settings and its deployments. The constructor checks what
 * only the whole host can check: unique deployment names and total guest memory.
 *
 * @throws DesiredStateException when the deployments together do not fit
 */
public record DesiredHost(HostSettings settings, List<DesiredDeployment> deployments) {
    public DesiredHost {
        deployments = List.copyOf(deployments);
        Set<String> names = new HashSet<>();
        long total = 0;
        for (DesiredDeployment d : deployments) {
            if (!names.add(d.name())) {
                throw new DesiredStateException("deployment " + d.name() + " is listed twice for this host");
            }
            total += d.memoryMiB();
        }
        if (total > settings.guestMemoryMiB()) {
            throw new DesiredStateException("the deployments on this host need " + total + " MiB of guest memory, more than the "
                    + settings.guestMemoryMiB() + " MiB it has; remove a deployment or lower instance counts");
        }
    }

    public Optional<DesiredDeployment> deployment(String name) {
        return deployments.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** This host with {@code deployment} added, or replacing the one of the same name. */
    public DesiredHost with(DesiredDeployment deployment) {
        List<DesiredDeployment> next = new java.util.ArrayList<>(deployments.stream()
                .filter(d -> !d.name().equals(deployment.name())).toList());
        next.add(deployment);
        return new DesiredHost(settings, next);
    }

    public DesiredHost without(String deploymentName) {
        return new DesiredHost(settings, deployments.stream().filter(d -> !d.name().equals(deploymentName)).toList());
    }

    public List<DesiredInstance> instances() {
        return deployments.stream().flatMap(d -> d.instances().stream()).toList();
    }
}
