package dev.fabric.agent.desired;

import dev.fabric.servicedef.model.Endpoint;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One role instance this host should run, before it has an address.
 *
 * @param vmSize             the csdef size name, kept for status
 * @param requestedMemoryMiB what the size asks for
 * @param memoryMiB          what the guest gets after host scaling
 * @param settings           the role's ConfigurationSettings (name to value), sorted by name
 */
public record DesiredInstance(InstanceId id, String vmSize, int vcpus, long requestedMemoryMiB, long memoryMiB,
                              ImageRef image, List<Endpoint> endpoints, Map<String, String> settings) {
    public DesiredInstance {
        if (vcpus < 1) {
            throw new IllegalArgumentException(id + ": vCPUs must be >= 1, was " + vcpus);
        }
        if (memoryMiB < 1) {
            throw new IllegalArgumentException(id + ": memory must be >= 1 MiB, was " + memoryMiB);
        }
        endpoints = List.copyOf(endpoints);
        settings = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(settings));
    }
}
