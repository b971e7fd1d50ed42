package dev.fabric.servicedef.resolve;

import dev.fabric.servicedef.parse.Attr;
import dev.fabric.servicedef.parse.EndpointDecl;
import dev.fabric.servicedef.parse.TrafficRuleDecl;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns NetworkTrafficRules into the set of roles allowed to reach each internal endpoint. Several
 * rules for one endpoint add up (each permits its FromRoles); a rule with AllowAllTraffic lifts the
 * narrowing for its destinations. Endpoints no rule names stay open to every role of the service.
 */
final class TrafficRules {
    private record Key(String role, String endpoint) {
    }

    private final Map<Key, Set<String>> narrowed = new HashMap<>();
    private final Set<Key> openToAll = new java.util.HashSet<>();

    static TrafficRules resolve(List<TrafficRuleDecl> rules, DeclaredEndpoints declared, Problems problems) {
        TrafficRules result = new TrafficRules();
        for (TrafficRuleDecl rule : rules) {
            Set<String> from = new LinkedHashSet<>();
            for (Attr role : rule.fromRoles()) {
                if (declared.hasRole(role.value())) {
                    from.add(role.value());
                } else {
                    problems.add(role.where().error("FromRole names role '" + role.value()
                            + "', which the service does not define (roles: " + declared.roleNames() + ")"));
                }
            }
            if (rule.allowAllTraffic() && !rule.fromRoles().isEmpty()) {
                problems.add(rule.where().warning("OnlyAllowTrafficTo has <AllowAllTraffic/>, so its FromRole list "
                        + "narrows nothing: every role may reach these endpoints; remove AllowAllTraffic to narrow"));
            }
            for (TrafficRuleDecl.Destination d : rule.destinations()) {
                destination(d, declared, problems).ifPresent(key -> {
                    if (rule.allowAllTraffic()) {
                        result.openToAll.add(key);
                    } else {
                        result.narrowed.computeIfAbsent(key, k -> new LinkedHashSet<>()).addAll(from);
                    }
                });
            }
        }
        return result;
    }

    private static Optional<Key> destination(TrafficRuleDecl.Destination d, DeclaredEndpoints declared,
                                             Problems problems) {
        String role = d.roleName().value();
        String endpoint = d.endpointName().value();
        if (!declared.hasRole(role)) {
            problems.add(d.roleName().where().error("RoleEndpoint names role '" + role
                    + "', which the service does not define (roles: " + declared.roleNames() + ")"));
            return Optional.empty();
        }
        Optional<EndpointDecl> e = declared.endpoint(role, endpoint);
        if (e.isEmpty()) {
            problems.add(d.endpointName().where().error("RoleEndpoint names endpoint '" + endpoint + "', which role "
                    + role + " does not declare (its endpoints: " + declared.endpointNames(role) + ")"));
            return Optional.empty();
        }
        if (!(e.get() instanceof EndpointDecl.Internal)) {
            problems.add(d.endpointName().where().error("RoleEndpoint names " + e.get().element() + " " + endpoint
                    + " of role " + role + "; NetworkTrafficRules apply to InternalEndpoints only"));
            return Optional.empty();
        }
        return Optional.of(new Key(role, endpoint));
    }

    /** The roles that may reach the endpoint: {@code allRoles} unless a rule narrows it. */
    Set<String> allowedFrom(String role, String endpoint, Set<String> allRoles) {
        Key key = new Key(role, endpoint);
        if (openToAll.contains(key) || !narrowed.containsKey(key)) {
            return allRoles;
        }
        return narrowed.get(key);
    }
}
