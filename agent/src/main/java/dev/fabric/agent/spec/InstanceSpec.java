package dev.fabric.agent.spec;

import dev.fabric.agent.addressing.Assignment;
import dev.fabric.agent.desired.DesiredInstance;
import dev.fabric.agent.desired.ImageRef;
import dev.fabric.agent.desired.InstanceId;
import dev.fabric.servicedef.model.Endpoint;

import java.util.List;

/**
 * Everything that defines one instance's guest: identity, size, image, network identity, declared
 * endpoints and a digest of its settings. This record is what the agent writes into the domain's
 * {@code <metadata>} and reads back, so two specs are equal exactly when the guest needs no change.
 * Setting values are not in it (only their digest): domain XML is readable by anyone with libvirt access.
 */
public record InstanceSpec(InstanceId id, String vmSize, int vcpus, long requestedMemoryMiB, long memoryMiB,
                           ImageRef image, Assignment network, List<Endpoint> endpoints, String settingsSha256) {
    public InstanceSpec {
        endpoints = List.copyOf(endpoints);
        if (!network.id().equals(id)) {
            throw new IllegalArgumentException("instance " + id + " carries the network assignment of " + network.id());
        }
        if (settingsSha256 == null || !settingsSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(id + ": settings digest must be 64 lower-case hex digits");
        }
    }

    public static InstanceSpec of(DesiredInstance d, Assignment network) {
        return new InstanceSpec(d.id(), d.vmSize(), d.vcpus(), d.requestedMemoryMiB(), d.memoryMiB(), d.image(),
                network, d.endpoints(), SettingsDigest.of(d.settings()));
    }

    public String domainName() {
        return DomainNames.of(id);
    }
}
