package dev.fabric.servicedef.resolve;

import dev.fabric.servicedef.model.PortRange;
import dev.fabric.servicedef.xml.Where;

import java.util.ArrayList;
import java.util.List;

/**
 * Public ports live on the one external address of the service, whatever the protocol, so each
 * may be claimed once: by an InputEndpoint's port or inside an InstanceInputEndpoint's range.
 */
final class PublicPortChecker {
    private record Claim(PortRange ports, String label, String role, Where where) {
    }

    private final Problems problems;
    private final List<Claim> claims = new ArrayList<>();

    PublicPortChecker(Problems problems) {
        this.problems = problems;
    }

    void claim(PortRange ports, String label, String role, Where where) {
        Claim mine = new Claim(ports, label, role, where);
        for (Claim earlier : claims) {
            if (ports.min() <= earlier.ports().max() && earlier.ports().min() <= ports.max()) {
                problems.add(where.error(describe(mine) + (ports.isSingle() ? " conflicts with " : " conflict with ") + describe(earlier) + " at "
                        + earlier.where().lineColumn() + "; each public port may be used once in a service"));
                return;
            }
        }
        claims.add(mine);
    }

    private static String describe(Claim c) {
        return (c.ports().isSingle() ? "public port " : "public ports ") + c.ports() + " of " + c.label()
                + " (role " + c.role() + ")";
    }
}
