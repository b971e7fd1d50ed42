package dev.fabric.servicedef.parse;

import dev.fabric.servicedef.xml.Where;

import java.util.List;

/**
 * One OnlyAllowTrafficTo element: its destinations may be reached only from the FromRole roles,
 * unless {@code allowAllTraffic} is set, which lifts the narrowing.
 */
public record TrafficRuleDecl(List<Destination> destinations, boolean allowAllTraffic, List<Attr> fromRoles,
                              Where where) {
    public TrafficRuleDecl {
        destinations = List.copyOf(destinations);
        fromRoles = List.copyOf(fromRoles);
    }

    /** A RoleEndpoint element. */
    public record Destination(Attr roleName, Attr endpointName, Where where) {
    }
}
