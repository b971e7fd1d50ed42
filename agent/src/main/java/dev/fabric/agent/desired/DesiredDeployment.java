package dev.fabric.agent.desired;

import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.PeerPlacement;
import dev.fabric.servicedef.model.Service;

import java.util.List;
import java.util.Map;

/**
 * A deployment as this host should run it: the validated service and the instances placed here, in
 * placement order. Placed by a controller, it also carries the addresses the controller chose and the
 * deployment's instances on other hosts ({@code peers}); stand-alone, both are empty.
 */
public record DesiredDeployment(String name, Service service, List<DesiredInstance> instances,
                                Map<InstanceId, Ipv4Address> addresses, List<PeerPlacement> peers) {
    /** A stand-alone deployment: this host picks the addresses, and no instance runs elsewhere. */
    public DesiredDeployment(String name, Service service, List<DesiredInstance> instances) {
        this(name, service, instances, Map.of(), List.of());
    }

    public DesiredDeployment {
        DeploymentNames.requireValid(name);
        instances = List.copyOf(instances);
        addresses = Map.copyOf(addresses);
        peers = List.copyOf(peers);
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
