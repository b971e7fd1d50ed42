package dev.fabric.servicedef.parse;

import dev.fabric.servicedef.model.RoleKind;
import dev.fabric.servicedef.xml.SafeXmlReader;
import dev.fabric.servicedef.xml.XmlElement;
import dev.fabric.servicedef.xml.XmlProblem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads a .csdef into a {@link DefinitionDoc}, checking structure (elements, required attributes) only. */
public final class DefinitionParser {
    public static final String NAMESPACE = "http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition";

    /** Elements Fabric keeps but does not act on; their content is not inspected. */
    private static final Set<String> IGNORED_IN_ROLE = Set.of(
            "Runtime", "Startup", "Sites", "LocalResources", "LocalStorage", "Certificates", "Contents");
    private static final Set<String> ROLE_CHILDREN = union(IGNORED_IN_ROLE,
            Set.of("Endpoints", "ConfigurationSettings", "Imports"));

    private final SafeXmlReader xml;

    public DefinitionParser(SafeXmlReader xml) {
        this.xml = xml;
    }

    public Parsed<DefinitionDoc> parse(Path csdef) {
        XmlElement root;
        try {
            root = xml.read(csdef);
        } catch (XmlProblem p) {
            return new Parsed<>(Optional.empty(), List.of(p.where().error(p.getMessage())));
        }
        ElementCheck check = new ElementCheck(NAMESPACE);
        if (!root.name().equals("ServiceDefinition") || !root.namespace().equals(NAMESPACE)) {
            check.report(root.where().error("root element is <" + root.name() + ">"
                    + (root.namespace().isEmpty() ? " without a namespace" : " in namespace '" + root.namespace() + "'")
                    + "; a service definition (.csdef) starts with <ServiceDefinition xmlns=\"" + NAMESPACE + "\">"));
            return new Parsed<>(Optional.empty(), check.diagnostics());
        }
        return new Parsed<>(new Reader(check).definition(root), check.diagnostics());
    }

    private static final class Reader {
        private final ElementCheck check;
        private final List<String> ignored = new ArrayList<>();

        Reader(ElementCheck check) {
            this.check = check;
        }

        Optional<DefinitionDoc> definition(XmlElement root) {
            check.knownAttributes(root, Set.of("name", "upgradeDomainCount", "schemaVersion", "topologyChangeDiscovery"));
            Optional<Attr> name = check.required(root, "name");
            List<RoleDecl> roles = new ArrayList<>();
            List<TrafficRuleDecl> rules = new ArrayList<>();
            List<ProbeDecl> probes = new ArrayList<>();
            for (XmlElement child : root.children()) {
                if (!check.expect(child, root, Set.of("WebRole", "WorkerRole", "NetworkTrafficRules", "LoadBalancerProbes"))) {
                    continue;
                }
                switch (child.name()) {
                    case "WebRole" -> role(child, RoleKind.WEB).ifPresent(roles::add);
                    case "WorkerRole" -> role(child, RoleKind.WORKER).ifPresent(roles::add);
                    case "NetworkTrafficRules" -> trafficRules(child, rules);
                    default -> probes(child, probes);
                }
            }
            if (roles.isEmpty() && check.diagnostics().stream().noneMatch(d -> d.isError())) {
                check.report(root.where().error("ServiceDefinition declares no WebRole or WorkerRole"));
            }
            return name.map(n -> new DefinitionDoc(n, check.optional(root, "upgradeDomainCount"), root.where(),
                    roles, rules, probes, ignored));
        }

        private Optional<RoleDecl> role(XmlElement e, RoleKind kind) {
            check.knownAttributes(e, Set.of("name", "vmsize", "enableNativeCodeExecution"));
            Optional<Attr> name = check.required(e, "name");
            String roleName = name.map(Attr::value).orElse("?");
            List<EndpointDecl> endpoints = new ArrayList<>();
            List<Attr> settings = new ArrayList<>();
            List<String> imports = new ArrayList<>();
            for (XmlElement child : e.children()) {
                if (!check.expect(child, e, ROLE_CHILDREN)) {
                    continue;
                }
                switch (child.name()) {
                    case "Endpoints" -> endpoints(child, endpoints);
                    case "ConfigurationSettings" -> settings(child, settings);
                    case "Imports" -> imports(child, roleName, imports);
                    default -> ignore(child, roleName);
                }
            }
            return name.map(n -> new RoleDecl(kind, n, check.optional(e, "vmsize"), e.where(), endpoints, settings, imports));
        }

        private void ignore(XmlElement e, String roleName) {
            if (!e.children().isEmpty() || !e.attributes().isEmpty()) {
                ignored.add("ignored: " + e.name() + " (role " + roleName + ")");
            }
        }

        private void imports(XmlElement e, String roleName, List<String> modules) {
            for (XmlElement child : e.children()) {
                if (check.expect(child, e, Set.of("Import"))) {
                    check.required(child, "moduleName").ifPresent(m -> {
                        modules.add(m.value());
                        ignored.add(ImportNotes.describe(m.value(), roleName));
                    });
                }
            }
        }

        private void settings(XmlElement e, List<Attr> settings) {
            for (XmlElement child : e.children()) {
                if (check.expect(child, e, Set.of("Setting"))) {
                    check.knownAttributes(child, Set.of("name"));
                    check.noChildren(child);
                    check.required(child, "name").ifPresent(settings::add);
                }
            }
        }

        private void endpoints(XmlElement e, List<EndpointDecl> out) {
            for (XmlElement child : e.children()) {
                if (!check.expect(child, e, Set.of("InputEndpoint", "InternalEndpoint", "InstanceInputEndpoint"))) {
                    continue;
                }
                Optional<? extends EndpointDecl> endpoint = switch (child.name()) {
                    case "InputEndpoint" -> input(child);
                    case "InternalEndpoint" -> internal(child);
                    default -> instanceInput(child);
                };
                endpoint.ifPresent(out::add);
            }
        }

        private Optional<EndpointDecl.Input> input(XmlElement e) {
            check.knownAttributes(e, Set.of("name", "protocol", "port", "localPort", "certificate",
                    "loadBalancerProbe", "ignoreRoleInstanceStatus", "idleTimeoutInMinutes", "loadBalancerDistribution",
                    "loadBalancer"));
            check.noChildren(e);
            Optional<Attr> name = check.required(e, "name");
            Optional<Attr> protocol = check.required(e, "protocol");
            Optional<Attr> port = check.required(e, "port");
            if (name.isEmpty() || protocol.isEmpty() || port.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new EndpointDecl.Input(name.get(), protocol.get(), port.get(),
                    check.optional(e, "localPort"), check.optional(e, "loadBalancerProbe"), e.where()));
        }

        private Optional<EndpointDecl.Internal> internal(XmlElement e) {
            check.knownAttributes(e, Set.of("name", "protocol", "port"));
            Optional<Attr> name = check.required(e, "name");
            Optional<Attr> protocol = check.required(e, "protocol");
            Optional<Attr> port = check.optional(e, "port");
            Optional<Attr> fixedPort = Optional.empty();
            Optional<RangeDecl> range = Optional.empty();
            int portSpecs = port.isPresent() ? 1 : 0;
            for (XmlElement child : e.children()) {
                if (!check.expect(child, e, Set.of("FixedPort", "FixedPortRange"))) {
                    continue;
                }
                portSpecs++;
                if (portSpecs > 1) {
                    check.report(child.where().error("InternalEndpoint " + name.map(Attr::value).orElse("?")
                            + " declares its port more than once; keep one of: port attribute, FixedPort, FixedPortRange"));
                    continue;
                }
                if (child.name().equals("FixedPort")) {
                    check.knownAttributes(child, Set.of("port"));
                    check.noChildren(child);
                    fixedPort = check.required(child, "port");
                } else {
                    range = range(child);
                }
            }
            if (name.isEmpty() || protocol.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new EndpointDecl.Internal(name.get(), protocol.get(), port, fixedPort, range, e.where()));
        }

        private Optional<EndpointDecl.InstanceInput> instanceInput(XmlElement e) {
            check.knownAttributes(e, Set.of("name", "protocol", "localPort", "idleTimeoutInMinutes"));
            Optional<Attr> name = check.required(e, "name");
            Optional<Attr> protocol = check.required(e, "protocol");
            Optional<Attr> localPort = check.required(e, "localPort");
            Optional<RangeDecl> range = Optional.empty();
            boolean sawAllocate = false;
            boolean sawRange = false;
            for (XmlElement child : e.children()) {
                if (!check.expect(child, e, Set.of("AllocatePublicPortFrom"))) {
                    continue;
                }
                if (sawAllocate) {
                    check.report(child.where().error("InstanceInputEndpoint has more than one AllocatePublicPortFrom; keep one"));
                    continue;
                }
                sawAllocate = true;
                check.knownAttributes(child, Set.of());
                for (XmlElement grandChild : child.children()) {
                    if (!check.expect(grandChild, child, Set.of("FixedPortRange"))) {
                        continue;
                    }
                    if (sawRange) {
                        check.report(grandChild.where().error("AllocatePublicPortFrom has more than one FixedPortRange; keep one"));
                        continue;
                    }
                    sawRange = true;
                    range = range(grandChild);
                }
            }
            if (!sawRange && name.isPresent()) {
                check.report(e.where().error("InstanceInputEndpoint " + name.get().value()
                        + " has no public port range; add <AllocatePublicPortFrom><FixedPortRange min=\"..\" max=\"..\"/></AllocatePublicPortFrom>"));
            }
            if (name.isEmpty() || protocol.isEmpty() || localPort.isEmpty() || range.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new EndpointDecl.InstanceInput(name.get(), protocol.get(), localPort.get(), range.get(), e.where()));
        }

        private Optional<RangeDecl> range(XmlElement e) {
            check.knownAttributes(e, Set.of("min", "max"));
            check.noChildren(e);
            Optional<Attr> min = check.required(e, "min");
            Optional<Attr> max = check.required(e, "max");
            return min.isPresent() && max.isPresent()
                    ? Optional.of(new RangeDecl(min.get(), max.get(), e.where())) : Optional.empty();
        }

        private void trafficRules(XmlElement e, List<TrafficRuleDecl> out) {
            for (XmlElement child : e.children()) {
                if (check.expect(child, e, Set.of("OnlyAllowTrafficTo"))) {
                    onlyAllowTrafficTo(child).ifPresent(out::add);
                }
            }
        }

        private Optional<TrafficRuleDecl> onlyAllowTrafficTo(XmlElement e) {
            List<TrafficRuleDecl.Destination> destinations = new ArrayList<>();
            List<Attr> fromRoles = new ArrayList<>();
            boolean allowAll = false;
            boolean sawSource = false;
            for (XmlElement child : e.children()) {
                if (!check.expect(child, e, Set.of("Destinations", "AllowAllTraffic", "WhenSource"))) {
                    continue;
                }
                switch (child.name()) {
                    case "Destinations" -> {
                        for (XmlElement d : child.children()) {
                            if (check.expect(d, child, Set.of("RoleEndpoint"))) {
                                check.knownAttributes(d, Set.of("endpointName", "roleName"));
                                check.noChildren(d);
                                Optional<Attr> endpoint = check.required(d, "endpointName");
                                Optional<Attr> role = check.required(d, "roleName");
                                if (endpoint.isPresent() && role.isPresent()) {
                                    destinations.add(new TrafficRuleDecl.Destination(role.get(), endpoint.get(), d.where()));
                                }
                            }
                        }
                    }
                    case "AllowAllTraffic" -> {
                        check.noChildren(child);
                        allowAll = true;
                    }
                    default -> {
                        sawSource = true;
                        whenSource(child, fromRoles);
                    }
                }
            }
            if (destinations.isEmpty()) {
                check.report(e.where().error("OnlyAllowTrafficTo names no destination; add <Destinations><RoleEndpoint endpointName=\"..\" roleName=\"..\"/></Destinations>"));
                return Optional.empty();
            }
            if (!sawSource && !allowAll) {
                check.report(e.where().error("OnlyAllowTrafficTo has neither <WhenSource> nor <AllowAllTraffic/>; say which roles may send"));
                return Optional.empty();
            }
            return Optional.of(new TrafficRuleDecl(destinations, allowAll, fromRoles, e.where()));
        }

        private void whenSource(XmlElement e, List<Attr> fromRoles) {
            check.knownAttributes(e, Set.of("matches"));
            check.required(e, "matches").ifPresent(m -> {
                if (!m.value().equals("AnyRule")) {
                    check.report(m.where().error("WhenSource matches=\"" + m.value() + "\" is not supported; the only value is AnyRule"));
                }
            });
            for (XmlElement child : e.children()) {
                if (check.expect(child, e, Set.of("FromRole"))) {
                    check.knownAttributes(child, Set.of("roleName"));
                    check.noChildren(child);
                    check.required(child, "roleName").ifPresent(fromRoles::add);
                }
            }
        }

        private void probes(XmlElement e, List<ProbeDecl> out) {
            for (XmlElement child : e.children()) {
                if (!check.expect(child, e, Set.of("LoadBalancerProbe"))) {
                    continue;
                }
                check.knownAttributes(child, Set.of("name", "protocol", "port", "path", "intervalInSeconds", "timeoutInSeconds"));
                check.noChildren(child);
                Optional<Attr> name = check.required(child, "name");
                Optional<Attr> protocol = check.required(child, "protocol");
                if (name.isPresent() && protocol.isPresent()) {
                    out.add(new ProbeDecl(name.get(), protocol.get(), check.optional(child, "port"), check.optional(child, "path"),
                            check.optional(child, "intervalInSeconds"), check.optional(child, "timeoutInSeconds"),
                            child.where()));
                }
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
