package dev.fabric.servicedef.resolve;

import dev.fabric.servicedef.model.PortRange;
import dev.fabric.servicedef.model.Transport;
import dev.fabric.servicedef.xml.Where;

import java.util.ArrayList;
import java.util.List;

/**
 * Within one role, an internal port must not also be a public endpoint's local port (same
 * transport): the port would be reachable from anywhere, and a traffic rule narrowing the internal
 * endpoint would promise an isolation that does not exist. Two internal endpoints may not share a
 * port either (whose traffic rule would apply?). Input and InstanceInput endpoints may
 * share a local port (both are public); protocol {@code any} overlaps everything by design.
 */
final class LocalPortChecker {
    private record Claim(PortRange ports, Transport transport, boolean internal, String label, Where where) {
    }

    private final Problems problems;

    LocalPortChecker(Problems problems) {
        this.problems = problems;
    }

    void check(List<EndpointDraft> drafts) {
        List<Claim> claims = new ArrayList<>();
        for (EndpointDraft d : drafts) {
            claim(d).ifPresent(mine -> {
                for (Claim earlier : claims) {
                    if ((mine.internal() || earlier.internal()) && earlier.transport() == mine.transport()
                            && overlap(mine.ports(), earlier.ports())) {
                        problems.add(mine.where().error(describe(mine) + " overlaps " + describe(earlier) + " at "
                                + earlier.where().lineColumn() + (mine.internal() && earlier.internal()
                                ? "; two internal endpoints cannot share a port, give one of them another port"
                                : "; a port of an instance is either internal or public, give one of them another port")));
                        return;
                    }
                }
                claims.add(mine);
            });
        }
    }

    private static java.util.Optional<Claim> claim(EndpointDraft d) {
        String label = d.decl().element() + " " + d.name();
        if (d instanceof EndpointDraft.Input in && in.localPort().isPresent()) {
            return java.util.Optional.of(new Claim(PortRange.single(in.localPort().getAsInt()), in.transport(), false, label,
                    in.decl().localPort().map(a -> a.where()).orElse(in.decl().port().where())));
        }
        if (d instanceof EndpointDraft.InstanceInput ii) {
            return java.util.Optional.of(new Claim(PortRange.single(ii.localPort()), ii.transport(), false, label,
                    ii.decl().localPort().where()));
        }
        if (d instanceof EndpointDraft.Internal i && i.transport() != Transport.ANY && i.ports().isPresent()) {
            return java.util.Optional.of(new Claim(i.ports().get(), i.transport(), true, label, i.decl().where()));
        }
        return java.util.Optional.empty();
    }

    private static boolean overlap(PortRange a, PortRange b) {
        return a.min() <= b.max() && b.min() <= a.max();
    }

    private static String describe(Claim c) {
        String what = c.internal() ? (c.ports().isSingle() ? "port " : "ports ") : "local port ";
        return what + c.ports() + " of " + c.label() + " (" + c.transport().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
