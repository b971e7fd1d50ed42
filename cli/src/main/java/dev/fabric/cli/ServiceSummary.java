package dev.fabric.cli;

import dev.fabric.servicedef.model.AclRule;
import dev.fabric.servicedef.model.Endpoint;
import dev.fabric.servicedef.model.PortRange;
import dev.fabric.servicedef.model.Role;
import dev.fabric.servicedef.model.RoleKind;
import dev.fabric.servicedef.model.Service;
import dev.fabric.servicedef.model.Transport;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Prints a validated service for people: roles, sizes, instances, and who can reach each endpoint. */
final class ServiceSummary {
    private final PrintWriter out;

    ServiceSummary(PrintWriter out) {
        this.out = out;
    }

    void print(Service service, boolean configured) {
        out.println("service " + service.name() + ": " + plural(service.roles().size(), "role") + ", "
                + plural(service.upgradeDomainCount(), "upgrade domain")
                + (service.osFamily().isEmpty() ? "" : ", osFamily " + service.osFamily()));
        if (!configured) {
            out.println("no configuration given: one instance per role, no setting values");
        }
        List<String> roleOrder = service.roles().stream().map(Role::name).toList();
        for (Role role : service.roles()) {
            out.println("role " + role.name() + ": " + (role.kind() == RoleKind.WEB ? "web" : "worker") + " role, vmsize "
                    + role.size().name() + " (" + plural(role.size().cores(), "core") + ", " + role.size().memoryMiB()
                    + " MiB), " + plural(role.instanceCount(), "instance"));
            if (role.endpoints().isEmpty()) {
                out.println("  no endpoints: nothing can connect to its instances");
            }
            for (Endpoint e : role.endpoints()) {
                out.println("  " + describe(e, roleOrder));
            }
            if (!role.settings().isEmpty()) {
                out.println("  settings: " + String.join(", ", role.settings().keySet().stream().sorted().toList()));
            }
        }
    }

    static String describe(Endpoint e, List<String> roleOrder) {
        if (e instanceof Endpoint.Input in) {
            return "InputEndpoint " + in.name() + " " + transport(in.transport()) + " public " + in.publicPort()
                    + " -> local " + in.localPort() + ", " + from(in.acl());
        }
        if (e instanceof Endpoint.InstanceInput ii) {
            return "InstanceInputEndpoint " + ii.name() + " " + transport(ii.transport()) + " public " + ii.publicPorts()
                    + " (one per instance) -> local " + ii.localPort() + ", " + from(ii.acl());
        }
        Endpoint.Internal in = (Endpoint.Internal) e;
        String ports = in.transport() == Transport.ANY ? "all ports" : portWord(in.ports()) + in.ports();
        List<String> from = roleOrder.stream().filter(in.allowedFromRoles()::contains).toList();
        return "InternalEndpoint " + in.name() + " " + transport(in.transport()) + " " + ports + ", from roles: "
                + (from.isEmpty() ? "none" : String.join(", ", from));
    }

    /** ACL semantics as on Azure: with any permit rule, unmatched sources are denied; with only denies, permitted. */
    private static String from(List<AclRule> acl) {
        if (acl.isEmpty()) {
            return "from anywhere";
        }
        String rules = acl.stream()
                .map(r -> r.action().name().toLowerCase(Locale.ROOT) + " " + r.remoteSubnet() + " (order " + r.order() + ")")
                .collect(Collectors.joining(", "));
        boolean anyPermit = acl.stream().anyMatch(r -> r.action() == AclRule.Action.PERMIT);
        return "from: " + rules + "; others " + (anyPermit ? "denied" : "permitted");
    }

    private static String portWord(PortRange range) {
        return range.isSingle() ? "" : "ports ";
    }

    private static String transport(Transport t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
