package dev.fabric.servicedef.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated role: csdef declaration joined with its cscfg configuration.
 *
 * @param settings    setting name to value; declared settings missing from the cscfg are absent
 * @param healthProbe how the agent probes each instance: the LoadBalancerProbe of the role's first
 *                    InputEndpoint that names one, else {@link HealthProbe#defaultFor the default};
 *                    empty when the role has no endpoint a probe can reach
 */
public record Role(String name, RoleKind kind, VmSize size, int instanceCount,
                   List<Endpoint> endpoints, Map<String, String> settings, Optional<HealthProbe> healthProbe) {
    public Role {
        endpoints = List.copyOf(endpoints);
        settings = Map.copyOf(settings);
        java.util.Objects.requireNonNull(healthProbe, "healthProbe (use Optional.empty())");
    }

    /** A role with the default probe of its endpoints (no LoadBalancerProbe declared). */
    public Role(String name, RoleKind kind, VmSize size, int instanceCount, List<Endpoint> endpoints,
                Map<String, String> settings) {
        this(name, kind, size, instanceCount, endpoints, settings, HealthProbe.defaultFor(endpoints));
    }
}
