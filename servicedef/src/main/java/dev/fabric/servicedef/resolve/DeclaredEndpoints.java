package dev.fabric.servicedef.resolve;

import dev.fabric.servicedef.parse.EndpointDecl;
import dev.fabric.servicedef.parse.RoleDecl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lookup of the csdef's roles and their endpoints by name, for rules that refer to them. */
final class DeclaredEndpoints {
    private final Map<String, Map<String, EndpointDecl>> byRole = new LinkedHashMap<>();

    DeclaredEndpoints(List<RoleDecl> roles) {
        for (RoleDecl role : roles) {
            Map<String, EndpointDecl> endpoints = byRole.computeIfAbsent(role.name().value(), k -> new LinkedHashMap<>());
            for (EndpointDecl e : role.endpoints()) {
                endpoints.putIfAbsent(e.name().value(), e);
            }
        }
    }

    boolean hasRole(String role) {
        return byRole.containsKey(role);
    }

    Optional<EndpointDecl> endpoint(String role, String endpoint) {
        return Optional.ofNullable(byRole.getOrDefault(role, Map.of()).get(endpoint));
    }

    String roleNames() {
        return String.join(", ", byRole.keySet());
    }

    String endpointNames(String role) {
        Map<String, EndpointDecl> endpoints = byRole.getOrDefault(role, Map.of());
        return endpoints.isEmpty() ? "none" : String.join(", ", endpoints.keySet());
    }
}
