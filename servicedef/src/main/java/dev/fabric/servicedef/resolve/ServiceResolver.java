package dev.fabric.servicedef.resolve;

import dev.fabric.servicedef.Diagnostic;
import dev.fabric.servicedef.model.Endpoint;
import dev.fabric.servicedef.model.HealthProbe;
import dev.fabric.servicedef.model.PortRange;
import dev.fabric.servicedef.model.Role;
import dev.fabric.servicedef.model.Service;
import dev.fabric.servicedef.model.Transport;
import dev.fabric.servicedef.model.VmSize;
import dev.fabric.servicedef.parse.Attr;
import dev.fabric.servicedef.parse.ConfigurationDoc;
import dev.fabric.servicedef.parse.DefinitionDoc;
import dev.fabric.servicedef.parse.EndpointDecl;
import dev.fabric.servicedef.parse.RoleDecl;
import dev.fabric.servicedef.size.VmSizeCatalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Joins a parsed csdef and (optional) cscfg into a validated {@link Service}: every cross-reference
 * checked, every port resolved. Collects all problems; the service is present only without errors.
 */
public final class ServiceResolver {
    private final VmSizeCatalog sizes;

    public ServiceResolver(VmSizeCatalog sizes) {
        this.sizes = sizes;
    }

    public record Result(Optional<Service> service, List<Diagnostic> diagnostics) {
    }

    public Result resolve(DefinitionDoc def, Optional<ConfigurationDoc> cfg, String cscfgFile) {
        Problems problems = new Problems();
        int upgradeDomains = def.upgradeDomainCount()
                .map(a -> Numbers.inRange(a, "upgradeDomainCount", 1, 20, problems))
                .orElse(OptionalInt.of(5)).orElse(5);
        checkUniqueRoleNames(def, problems);
        ProbeResolver probes = new ProbeResolver(def, problems);
        DeclaredEndpoints declared = new DeclaredEndpoints(def.roles());
        RoleConfigs configs = cfg.map(c -> RoleConfigs.join(def, c, cscfgFile, problems))
                .orElseGet(RoleConfigs::withoutConfiguration);
        TrafficRules traffic = TrafficRules.resolve(def.trafficRules(), declared, problems);
        EndpointAcls acls = cfg.map(c -> EndpointAcls.resolve(c, declared, problems)).orElseGet(EndpointAcls::none);

        EndpointChecker checker = new EndpointChecker(problems);
        PublicPortChecker publicPorts = new PublicPortChecker(problems);
        LocalPortChecker localPorts = new LocalPortChecker(problems);
        Set<String> allRoles = new LinkedHashSet<>();
        def.roles().forEach(r -> allRoles.add(r.name().value()));
        List<Role> roles = new ArrayList<>();
        Set<String> done = new java.util.HashSet<>();
        for (RoleDecl decl : def.roles()) {
            String name = decl.name().value();
            if (!done.add(name)) {
                continue; // duplicate, reported above
            }
            Optional<VmSize> size = vmSize(decl, problems);
            List<EndpointDraft> drafts = checker.check(name, decl.endpoints());
            int instances = configs.instances(name);
            localPorts.check(drafts);
            for (EndpointDraft d : drafts) {
                claimPublicPorts(d, name, instances, publicPorts, problems);
                probes.checkReference(d, problems);
            }
            List<Endpoint> endpoints = build(name, drafts, traffic, acls, allRoles, problems);
            Optional<HealthProbe> probe = probes.forRole(drafts, endpoints);
            size.ifPresent(s -> roles.add(new Role(name, decl.kind(), s, instances, endpoints, configs.settings(name), probe)));
        }
        List<Diagnostic> diagnostics = problems.all();
        Optional<Service> service = problems.hasErrors() ? Optional.empty()
                : Optional.of(new Service(def.name().value(),
                        cfg.flatMap(ConfigurationDoc::osFamily).map(Attr::value).orElse(""), upgradeDomains, roles));
        return new Result(service, diagnostics);
    }

    private static void checkUniqueRoleNames(DefinitionDoc def, Problems problems) {
        Map<String, RoleDecl> first = new HashMap<>();
        for (RoleDecl r : def.roles()) {
            RoleDecl earlier = first.putIfAbsent(r.name().value(), r);
            if (earlier != null) {
                problems.add(r.name().where().error("duplicate role name '" + r.name().value() + "' (first declared at "
                        + earlier.where().lineColumn() + ")"));
            }
        }
    }

    private Optional<VmSize> vmSize(RoleDecl decl, Problems problems) {
        String wanted = decl.vmsize().map(Attr::value).orElse("Small");
        Optional<VmSize> size = sizes.find(wanted);
        if (size.isEmpty()) {
            problems.add(decl.vmsize().get().where().error("unknown vmsize '" + wanted + "' for role "
                    + decl.name().value() + "; " + sizes.describeSources()));
        }
        return size;
    }

    private static void claimPublicPorts(EndpointDraft d, String role, int instances, PublicPortChecker publicPorts,
                                         Problems problems) {
        if (d instanceof EndpointDraft.Input in) {
            publicPorts.claim(PortRange.single(in.publicPort()), "InputEndpoint " + in.name(), role, in.decl().port().where());
        } else if (d instanceof EndpointDraft.InstanceInput ii) {
            publicPorts.claim(ii.publicPorts(), "InstanceInputEndpoint " + ii.name(), role, ii.decl().publicPorts().where());
            if (ii.publicPorts().size() < instances) {
                problems.add(ii.decl().publicPorts().where().error("InstanceInputEndpoint " + ii.name() + " of role "
                        + role + " has " + ii.publicPorts().size() + " public port" + (ii.publicPorts().size() == 1 ? "" : "s")
                        + " (" + ii.publicPorts() + ") for " + instances + " instances; widen its FixedPortRange to at least "
                        + instances + " ports"));
            }
        }
    }

    /** Final endpoints: dynamic ports assigned, traffic rules and ACLs attached. */
    private static List<Endpoint> build(String role, List<EndpointDraft> drafts, TrafficRules traffic, EndpointAcls acls,
                                        Set<String> allRoles, Problems problems) {
        DynamicPorts dynamic = new DynamicPorts();
        for (EndpointDraft d : drafts) {
            if (d instanceof EndpointDraft.Input in && in.localPort().isPresent()) {
                dynamic.reserve(PortRange.single(in.localPort().getAsInt()));
            } else if (d instanceof EndpointDraft.Internal i && i.transport() != Transport.ANY && i.ports().isPresent()) {
                dynamic.reserve(i.ports().get());
            } else if (d instanceof EndpointDraft.InstanceInput ii) {
                dynamic.reserve(PortRange.single(ii.localPort()));
            }
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (EndpointDraft d : drafts) {
            if (d instanceof EndpointDraft.Input in) {
                int local = in.localPort().isPresent() ? in.localPort().getAsInt() : assign(dynamic, in, problems);
                endpoints.add(new Endpoint.Input(in.name(), in.transport(), in.publicPort(), Math.max(local, 1),
                        acls.rulesFor(role, in.name())));
            } else if (d instanceof EndpointDraft.Internal i) {
                PortRange ports = i.ports().orElseGet(() -> PortRange.single(Math.max(assign(dynamic, i, problems), 1)));
                endpoints.add(new Endpoint.Internal(i.name(), i.transport(), ports,
                        traffic.allowedFrom(role, i.name(), allRoles)));
            } else if (d instanceof EndpointDraft.InstanceInput ii) {
                endpoints.add(new Endpoint.InstanceInput(ii.name(), ii.transport(), ii.localPort(), ii.publicPorts(),
                        acls.rulesFor(role, ii.name())));
            }
        }
        return endpoints;
    }

    private static int assign(DynamicPorts dynamic, EndpointDraft d, Problems problems) {
        int port = dynamic.next();
        if (port < 0) {
            problems.add(d.decl().where().error("no free port from " + DynamicPorts.FIRST + " to 65535 is left to assign to "
                    + d.decl().element() + " " + d.name() + "; give it a port"));
        }
        return port;
    }
}
