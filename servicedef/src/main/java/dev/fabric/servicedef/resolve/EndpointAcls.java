package dev.fabric.servicedef.resolve;

import dev.fabric.servicedef.model.AclRule;
import dev.fabric.servicedef.parse.ConfigurationDoc;
import dev.fabric.servicedef.parse.ConfigurationDoc.AccessControlDecl;
import dev.fabric.servicedef.parse.ConfigurationDoc.AclRuleDecl;
import dev.fabric.servicedef.parse.ConfigurationDoc.EndpointAclDecl;
import dev.fabric.servicedef.parse.EndpointDecl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Resolves cscfg AccessControls and EndpointAcls into the ordered rule list of each input endpoint. */
final class EndpointAcls {
    private record Key(String role, String endpoint) {
    }

    private final Map<Key, List<AclRule>> rules = new HashMap<>();

    static EndpointAcls resolve(ConfigurationDoc cfg, DeclaredEndpoints declared, Problems problems) {
        Map<String, List<AclRule>> controls = accessControls(cfg.accessControls(), problems);
        EndpointAcls result = new EndpointAcls();
        Map<Key, EndpointAclDecl> seen = new HashMap<>();
        for (EndpointAclDecl acl : cfg.endpointAcls()) {
            Optional<Key> key = endpoint(acl, declared, problems);
            String control = acl.accessControl().value();
            if (!controls.containsKey(control)) {
                problems.add(acl.accessControl().where().error("EndpointAcl names access control '" + control
                        + "', which NetworkConfiguration/AccessControls does not define (defined: "
                        + (controls.isEmpty() ? "none" : String.join(", ", controls.keySet())) + ")"));
                continue;
            }
            if (key.isEmpty()) {
                continue;
            }
            EndpointAclDecl first = seen.putIfAbsent(key.get(), acl);
            if (first != null) {
                problems.add(acl.where().error("endpoint " + key.get().endpoint() + " of role " + key.get().role()
                        + " already has an EndpointAcl at " + first.where().lineColumn() + "; an endpoint takes one"));
                continue;
            }
            result.rules.put(key.get(), controls.get(control));
        }
        return result;
    }

    private static Map<String, List<AclRule>> accessControls(List<AccessControlDecl> decls, Problems problems) {
        Map<String, List<AclRule>> controls = new java.util.LinkedHashMap<>();
        Map<String, AccessControlDecl> firstByName = new HashMap<>();
        for (AccessControlDecl decl : decls) {
            String name = decl.name().value();
            AccessControlDecl first = firstByName.putIfAbsent(name, decl);
            if (first != null) {
                problems.add(decl.name().where().error("duplicate AccessControl name '" + name + "' (first defined at "
                        + first.where().lineColumn() + ")"));
                continue;
            }
            List<AclRule> list = new ArrayList<>();
            Map<Integer, AclRuleDecl> orders = new HashMap<>();
            for (AclRuleDecl r : decl.rules()) {
                rule(r, name, orders, problems).ifPresent(list::add);
            }
            list.sort(Comparator.comparingInt(AclRule::order));
            controls.put(name, List.copyOf(list));
        }
        return controls;
    }

    private static Optional<AclRule> rule(AclRuleDecl r, String control, Map<Integer, AclRuleDecl> orders,
                                          Problems problems) {
        OptionalInt order = Numbers.inRange(r.order(), "order of a Rule in AccessControl " + control, 0,
                Integer.MAX_VALUE, problems);
        String action = r.action().value().toLowerCase(Locale.ROOT);
        boolean actionOk = action.equals("permit") || action.equals("deny");
        if (!actionOk) {
            problems.add(r.action().where().error("action \"" + r.action().value() + "\" of a Rule in AccessControl "
                    + control + " is not permit or deny"));
        }
        Optional<String> subnetProblem = Cidr.problem(r.remoteSubnet().value());
        subnetProblem.ifPresent(p -> problems.add(r.remoteSubnet().where().error("remoteSubnet \""
                + r.remoteSubnet().value() + "\" of a Rule in AccessControl " + control + " " + p)));
        if (order.isPresent()) {
            AclRuleDecl first = orders.putIfAbsent(order.getAsInt(), r);
            if (first != null) {
                problems.add(r.order().where().error("AccessControl " + control + " already has a Rule with order "
                        + order.getAsInt() + " at " + first.where().lineColumn() + "; orders must differ"));
                return Optional.empty();
            }
        }
        if (order.isEmpty() || !actionOk || subnetProblem.isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new AclRule(order.getAsInt(),
                action.equals("permit") ? AclRule.Action.PERMIT : AclRule.Action.DENY, r.remoteSubnet().value()));
    }

    private static Optional<Key> endpoint(EndpointAclDecl acl, DeclaredEndpoints declared, Problems problems) {
        String role = acl.role().value();
        String endpoint = acl.endpoint().value();
        if (!declared.hasRole(role)) {
            problems.add(acl.role().where().error("EndpointAcl names role '" + role
                    + "', which the csdef does not define (roles: " + declared.roleNames() + ")"));
            return Optional.empty();
        }
        Optional<EndpointDecl> e = declared.endpoint(role, endpoint);
        if (e.isEmpty()) {
            problems.add(acl.endpoint().where().error("EndpointAcl names endpoint '" + endpoint + "', which role "
                    + role + " does not declare (its endpoints: " + declared.endpointNames(role) + ")"));
            return Optional.empty();
        }
        if (e.get() instanceof EndpointDecl.Internal) {
            problems.add(acl.endpoint().where().error("EndpointAcl names InternalEndpoint " + endpoint + " of role "
                    + role + "; ACLs apply to InputEndpoints and InstanceInputEndpoints, use NetworkTrafficRules for internal ones"));
            return Optional.empty();
        }
        return Optional.of(new Key(role, endpoint));
    }

    static EndpointAcls none() {
        return new EndpointAcls();
    }

    List<AclRule> rulesFor(String role, String endpoint) {
        return rules.getOrDefault(new Key(role, endpoint), List.of());
    }
}
