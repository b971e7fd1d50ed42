package dev.fabric.servicedef.resolve;

import dev.fabric.servicedef.parse.Attr;
import dev.fabric.servicedef.parse.ConfigurationDoc;
import dev.fabric.servicedef.parse.ConfigurationDoc.RoleConfigDecl;
import dev.fabric.servicedef.parse.ConfigurationDoc.SettingValue;
import dev.fabric.servicedef.parse.DefinitionDoc;
import dev.fabric.servicedef.parse.RoleDecl;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Joins csdef roles with cscfg roles: instance counts and setting values. Without a cscfg every role
 * has one instance and no setting values.
 */
final class RoleConfigs {
    private final Map<String, Integer> instances = new HashMap<>();
    private final Map<String, Map<String, String>> settings = new HashMap<>();
    private RoleConfigs() {
    }

    static RoleConfigs withoutConfiguration() {
        return new RoleConfigs();
    }

    static RoleConfigs join(DefinitionDoc def, ConfigurationDoc cfg, String cscfgFile, Problems problems) {
        RoleConfigs result = new RoleConfigs();
        cfg.serviceName().ifPresent(name -> {
            if (!name.value().equals(def.name().value())) {
                problems.add(name.where().warning("serviceName '" + name.value() + "' differs from the csdef's name '"
                        + def.name().value() + "'; the csdef's name is used"));
            }
        });
        Map<String, RoleDecl> defined = new LinkedHashMap<>();
        def.roles().forEach(r -> defined.putIfAbsent(r.name().value(), r));
        Map<String, RoleConfigDecl> configuredRoles = new LinkedHashMap<>();
        for (RoleConfigDecl rc : cfg.roles()) {
            String name = rc.name().value();
            RoleConfigDecl first = configuredRoles.putIfAbsent(name, rc);
            if (first != null) {
                problems.add(rc.name().where().error("duplicate Role '" + name + "' in the configuration (first at "
                        + first.where().lineColumn() + ")"));
                continue;
            }
            RoleDecl role = defined.get(name);
            if (role == null) {
                problems.add(rc.name().where().error("role '" + name + "' is not defined in the csdef (roles: "
                        + String.join(", ", defined.keySet()) + ")"));
                continue;
            }
            rc.instanceCount().ifPresent(count -> Numbers.inRange(count, "instance count of role " + name, 1, 1000, problems).ifPresent(n -> result.instances.put(name, n)));
            result.settings.put(name, settings(role, rc, problems));
        }
        for (RoleDecl role : defined.values()) {
            if (!configuredRoles.containsKey(role.name().value())) {
                problems.add(role.name().where().error("role '" + role.name().value() + "' has no <Role name=\""
                        + role.name().value() + "\"> in " + cscfgFile + "; add it with an <Instances count=\"1\"/>"));
            }
        }
        return result;
    }

    private static Map<String, String> settings(RoleDecl role, RoleConfigDecl rc, Problems problems) {
        Set<String> declared = role.settingNames().stream().map(Attr::value).collect(Collectors.toSet());
        Map<String, String> values = new LinkedHashMap<>();
        for (SettingValue s : rc.settings()) {
            String name = s.name().value();
            if (!declared.contains(name) && role.importDeclares(name)) {
                continue; // configures an imported plug-in, which Fabric does not run
            }
            if (!declared.contains(name)) {
                problems.add(s.name().where().warning("setting '" + name + "' is not declared for role "
                        + role.name().value() + " in the csdef; its value is not delivered"));
            } else if (values.putIfAbsent(name, s.value().value()) != null) {
                problems.add(s.name().where().error("setting '" + name + "' of role " + role.name().value()
                        + " is given more than once"));
            }
        }
        for (Attr name : role.settingNames()) {
            if (!values.containsKey(name.value())) {
                problems.add(rc.where().warning("setting '" + name.value() + "' declared for role " + role.name().value()
                        + " in the csdef has no value in the configuration; the role gets none"));
            }
        }
        return values;
    }

    /** Instances of the role; 1 without a configuration (or when the count was invalid and reported). */
    int instances(String role) {
        return instances.getOrDefault(role, 1);
    }

    Map<String, String> settings(String role) {
        return settings.getOrDefault(role, Map.of());
    }
}
