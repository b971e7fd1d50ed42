package dev.fabric.servicedef.model;

import java.util.List;
import java.util.Map;

/**
 * A validated role: csdef declaration joined with its cscfg configuration.
 *
 * @param settings setting name to value; declared settings missing from the cscfg are absent
 */
public record Role(String name, RoleKind kind, VmSize size, int instanceCount,
                   List<Endpoint> endpoints, Map<String, String> settings) {
    public Role {
        endpoints = List.copyOf(endpoints);
        settings = Map.copyOf(settings);
    }
}
