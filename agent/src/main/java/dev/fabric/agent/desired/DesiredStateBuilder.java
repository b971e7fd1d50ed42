package dev.fabric.agent.desired;

import dev.fabric.servicedef.model.Role;
import dev.fabric.servicedef.model.Service;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a validated service into the instances this host should run for one deployment: every
 * instance of every role (single-host placement), roles in definition order, instances in index
 * order, memory scaled for the host. Pure: no I/O.
 */
public final class DesiredStateBuilder {
    private final HostSettings host;
    private final ImageCatalog images;

    public DesiredStateBuilder(HostSettings host, ImageCatalog images) {
        this.host = host;
        this.images = images;
    }

    /** @throws DesiredStateException when the name is bad, the image is unknown or the deployment does not fit */
    public DesiredDeployment build(Service service, String deploymentName) {
        return build(service, deploymentName, null);
    }

    /**
     * The instances a controller assigned to this host, at the addresses it chose ({@code assignment}
     * null: every instance, stand-alone).
     *
     * @throws DesiredStateException also when the assignment names a role or index the service does not have
     */
    public DesiredDeployment build(Service service, String deploymentName, HostAssignment assignment) {
        if (!DeploymentNames.isValid(deploymentName)) {
            throw new DesiredStateException("deployment name '" + deploymentName + "' is not allowed: use 1-40 letters,"
                    + " digits, '-' or '_', starting with a letter or digit (e.g. webfarm); pass --name NAME");
        }
        ImageRef image = images.find(host.imageName()).orElseThrow(() -> new DesiredStateException(
                "image '" + host.imageName() + "' is not in this host's image store (known: "
                        + (images.images().isEmpty() ? "none" : String.join(", ", images.images().keySet()))
                        + "); register it with its SHA-256 or choose another image"));
        List<DesiredInstance> instances = new ArrayList<>();
        for (Role role : service.roles()) {
            long memory = host.memoryScale().apply(role.size().memoryMiB());
            long here = assignment == null ? role.instanceCount() : assignment.addresses().keySet().stream()
                    .filter(id -> id.role().equals(role.name())).count();
            if (here > 0 && memory > host.guestMemoryMiB()) {
                throw new DesiredStateException("role " + role.name() + " of deployment " + deploymentName + ": vmsize "
                        + role.size().name() + " needs " + memory + " MiB after scaling " + host.memoryScale()
                        + ", more than the " + host.guestMemoryMiB() + " MiB this host gives to guests;"
                        + " choose a smaller vmsize or a smaller memory scale");
            }
            for (int i = 0; i < role.instanceCount(); i++) {
                if (assignment != null && !assignment.addresses().containsKey(new InstanceId(deploymentName, role.name(), i))) {
                    continue;
                }
                instances.add(new DesiredInstance(new InstanceId(deploymentName, role.name(), i), role.size().name(),
                        role.size().cores(), role.size().memoryMiB(), memory, image, role.endpoints(), role.settings()));
            }
        }
        if (assignment != null) {
            for (InstanceId id : assignment.addresses().keySet()) {
                boolean known = id.deployment().equals(deploymentName) && service.role(id.role())
                        .filter(r -> id.index() < r.instanceCount()).isPresent();
                if (!known) {
                    throw new DesiredStateException("the controller assigned instance " + id + " to this host, but deployment "
                            + deploymentName + " has no such instance (roles and counts of its definition)");
                }
            }
        }
        DesiredDeployment deployment = assignment == null
                ? new DesiredDeployment(deploymentName, service, instances)
                : new DesiredDeployment(deploymentName, service, instances, assignment.addresses(), assignment.peers());
        if (deployment.memoryMiB() > host.guestMemoryMiB()) {
            throw new DesiredStateException("deployment " + deploymentName + " needs " + deployment.memoryMiB()
                    + " MiB for " + instances.size() + " instances (memory scale " + host.memoryScale() + "), more than the "
                    + host.guestMemoryMiB() + " MiB this host gives to guests; lower the instance counts in the"
                    + " .cscfg or the memory scale");
        }
        return deployment;
    }
}
