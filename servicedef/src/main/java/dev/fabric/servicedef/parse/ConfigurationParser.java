package dev.fabric.servicedef.parse;

import dev.fabric.servicedef.parse.ConfigurationDoc.AccessControlDecl;
import dev.fabric.servicedef.parse.ConfigurationDoc.AclRuleDecl;
import dev.fabric.servicedef.parse.ConfigurationDoc.EndpointAclDecl;
import dev.fabric.servicedef.parse.ConfigurationDoc.RoleConfigDecl;
import dev.fabric.servicedef.parse.ConfigurationDoc.SettingValue;
import dev.fabric.servicedef.xml.SafeXmlReader;
import dev.fabric.servicedef.xml.XmlElement;
import dev.fabric.servicedef.xml.XmlProblem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads a .cscfg into a {@link ConfigurationDoc}, checking structure only. */
public final class ConfigurationParser {
    public static final String NAMESPACE = "http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceConfiguration";

    /** Network settings Fabric keeps but does not act on (VNets, DNS, instance public IPs, reserved IPs). */
    private static final Set<String> IGNORED_NETWORK = Set.of(
            "Dns", "VirtualNetworkSite", "AddressAssignments", "ReservedIPs", "LoadBalancers");

    private final SafeXmlReader xml;

    public ConfigurationParser(SafeXmlReader xml) {
        this.xml = xml;
    }

    public Parsed<ConfigurationDoc> parse(Path cscfg) {
        XmlElement root;
        try {
            root = xml.read(cscfg);
        } catch (XmlProblem p) {
            return new Parsed<>(Optional.empty(), List.of(p.where().error(p.getMessage())));
        }
        ElementCheck check = new ElementCheck(NAMESPACE);
        if (!root.name().equals("ServiceConfiguration") || !root.namespace().equals(NAMESPACE)) {
            check.report(root.where().error("root element is <" + root.name() + ">"
                    + (root.namespace().isEmpty() ? " without a namespace" : " in namespace '" + root.namespace() + "'")
                    + "; a service configuration (.cscfg) starts with <ServiceConfiguration xmlns=\"" + NAMESPACE + "\">"));
            return new Parsed<>(Optional.empty(), check.diagnostics());
        }
        return new Parsed<>(Optional.of(new Reader(check).configuration(root)), check.diagnostics());
    }

    private static final class Reader {
        private final ElementCheck check;
        private final List<String> ignored = new ArrayList<>();
        private final List<AccessControlDecl> accessControls = new ArrayList<>();
        private final List<EndpointAclDecl> endpointAcls = new ArrayList<>();

        Reader(ElementCheck check) {
            this.check = check;
        }

        ConfigurationDoc configuration(XmlElement root) {
            check.knownAttributes(root, Set.of("serviceName", "osFamily", "osVersion", "schemaVersion"));
            List<RoleConfigDecl> roles = new ArrayList<>();
            for (XmlElement child : root.children()) {
                if (!check.expect(child, root, Set.of("Role", "NetworkConfiguration"))) {
                    continue;
                }
                if (child.name().equals("Role")) {
                    role(child).ifPresent(roles::add);
                } else {
                    network(child);
                }
            }
            return new ConfigurationDoc(check.optional(root, "serviceName"), check.optional(root, "osFamily"),
                    check.optional(root, "osVersion"), root.where(), roles, accessControls, endpointAcls, ignored);
        }

        private Optional<RoleConfigDecl> role(XmlElement e) {
            check.knownAttributes(e, Set.of("name", "vmName"));
            Optional<Attr> name = check.required(e, "name");
            String roleName = name.map(Attr::value).orElse("?");
            Optional<Attr> instances = Optional.empty();
            boolean sawInstances = false;
            List<SettingValue> settings = new ArrayList<>();
            for (XmlElement child : e.children()) {
                if (!check.expect(child, e, Set.of("Instances", "ConfigurationSettings", "Certificates", "OsImage"))) {
                    continue;
                }
                switch (child.name()) {
                    case "Instances" -> {
                        if (sawInstances) {
                            check.report(child.where().error("Role " + roleName + " has more than one Instances element; keep one"));
                            continue;
                        }
                        sawInstances = true;
                        check.knownAttributes(child, Set.of("count"));
                        check.noChildren(child);
                        instances = check.required(child, "count");
                    }
                    case "ConfigurationSettings" -> settings(child, settings);
                    default -> {
                        if (!child.children().isEmpty() || !child.attributes().isEmpty()) {
                            ignored.add("ignored: " + child.name() + " (cscfg role " + roleName + ")");
                        }
                    }
                }
            }
            if (!sawInstances && name.isPresent()) {
                check.report(e.where().error("Role " + roleName + " has no <Instances count=\"..\"/> element"));
            }
            Optional<Attr> count = instances;
            return name.map(n -> new RoleConfigDecl(n, count, e.where(), settings));
        }

        private void settings(XmlElement e, List<SettingValue> out) {
            for (XmlElement child : e.children()) {
                if (check.expect(child, e, Set.of("Setting"))) {
                    check.knownAttributes(child, Set.of("name", "value"));
                    check.noChildren(child);
                    Optional<Attr> name = check.required(child, "name");
                    // An empty value is legal and common (value=""); only a missing attribute is an error.
                    Optional<Attr> value = child.attribute("value").map(v -> new Attr(v, child.whereOf("value")));
                    if (value.isEmpty()) {
                        check.report(child.where().error("Setting is missing required attribute 'value'"));
                    }
                    if (name.isPresent() && value.isPresent()) {
                        out.add(new SettingValue(name.get(), value.get(), child.where()));
                    }
                }
            }
        }

        private void network(XmlElement e) {
            Set<String> known = new java.util.HashSet<>(IGNORED_NETWORK);
            known.add("AccessControls");
            known.add("EndpointAcls");
            for (XmlElement child : e.children()) {
                if (!check.expect(child, e, known)) {
                    continue;
                }
                switch (child.name()) {
                    case "AccessControls" -> accessControls(child);
                    case "EndpointAcls" -> endpointAcls(child);
                    default -> ignored.add("ignored: NetworkConfiguration/" + child.name()
                            + (child.name().equals("AddressAssignments") ? " (instance addresses and public IPs)" : ""));
                }
            }
        }

        private void accessControls(XmlElement e) {
            for (XmlElement child : e.children()) {
                if (!check.expect(child, e, Set.of("AccessControl"))) {
                    continue;
                }
                check.knownAttributes(child, Set.of("name"));
                Optional<Attr> name = check.required(child, "name");
                List<AclRuleDecl> rules = new ArrayList<>();
                for (XmlElement rule : child.children()) {
                    if (!check.expect(rule, child, Set.of("Rule"))) {
                        continue;
                    }
                    check.knownAttributes(rule, Set.of("order", "action", "remoteSubnet", "description"));
                    check.noChildren(rule);
                    Optional<Attr> order = check.required(rule, "order");
                    Optional<Attr> action = check.required(rule, "action");
                    Optional<Attr> subnet = check.required(rule, "remoteSubnet");
                    if (order.isPresent() && action.isPresent() && subnet.isPresent()) {
                        rules.add(new AclRuleDecl(order.get(), action.get(), subnet.get(), rule.where()));
                    }
                }
                name.ifPresent(n -> accessControls.add(new AccessControlDecl(n, rules, child.where())));
            }
        }

        private void endpointAcls(XmlElement e) {
            for (XmlElement child : e.children()) {
                if (!check.expect(child, e, Set.of("EndpointAcl"))) {
                    continue;
                }
                check.knownAttributes(child, Set.of("role", "endpoint", "endPoint", "accessControl"));
                check.noChildren(child);
                Optional<Attr> role = check.required(child, "role");
                // Microsoft's own samples spell it both ways.
                Optional<Attr> endpoint = check.optional(child, "endpoint").or(() -> check.optional(child, "endPoint"));
                if (endpoint.isEmpty()) {
                    check.report(child.where().error("EndpointAcl is missing required attribute 'endpoint'"));
                }
                Optional<Attr> acl = check.required(child, "accessControl");
                if (role.isPresent() && endpoint.isPresent() && acl.isPresent()) {
                    endpointAcls.add(new EndpointAclDecl(role.get(), endpoint.get(), acl.get(), child.where()));
                }
            }
        }
    }
}
