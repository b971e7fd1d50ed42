package dev.fabric.servicedef.resolve;

import dev.fabric.servicedef.model.PortRange;
import dev.fabric.servicedef.model.Transport;
import dev.fabric.servicedef.parse.Attr;
import dev.fabric.servicedef.parse.EndpointDecl;
import dev.fabric.servicedef.parse.RangeDecl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Checks one role's endpoints on their own: protocols, port numbers, ranges, unique names. */
final class EndpointChecker {
    private static final Set<String> INPUT_PROTOCOLS = Set.of("http", "https", "tcp", "udp");
    private static final Set<String> INTERNAL_PROTOCOLS = Set.of("http", "tcp", "udp", "any");
    private static final Set<String> INSTANCE_INPUT_PROTOCOLS = Set.of("tcp", "udp");

    private final Problems problems;

    EndpointChecker(Problems problems) {
        this.problems = problems;
    }

    List<EndpointDraft> check(String roleName, List<EndpointDecl> decls) {
        List<EndpointDraft> drafts = new ArrayList<>();
        Map<String, EndpointDecl> byName = new HashMap<>();
        for (EndpointDecl decl : decls) {
            EndpointDecl first = byName.putIfAbsent(decl.name().value(), decl);
            if (first != null) {
                problems.add(decl.name().where().error("duplicate endpoint name '" + decl.name().value() + "' in role "
                        + roleName + " (first declared at " + first.where().lineColumn() + ")"));
                continue;
            }
            draft(decl).ifPresent(drafts::add);
        }
        return drafts;
    }

    private Optional<EndpointDraft> draft(EndpointDecl decl) {
        String label = decl.element() + " " + decl.name().value();
        if (decl instanceof EndpointDecl.Input in) {
            return input(in, label);
        }
        if (decl instanceof EndpointDecl.Internal internal) {
            return internal(internal, label);
        }
        return instanceInput((EndpointDecl.InstanceInput) decl, label);
    }

    private Optional<EndpointDraft> input(EndpointDecl.Input in, String label) {
        Optional<Transport> t = protocol(in.protocol(), label, INPUT_PROTOCOLS);
        OptionalInt port = Numbers.port(in.port(), "port of " + label, problems);
        OptionalInt local = OptionalInt.empty();
        boolean localOk = true;
        if (in.localPort().isPresent() && !in.localPort().get().value().equals("*")) {
            local = Numbers.port(in.localPort().get(), "localPort of " + label, problems);
            localOk = local.isPresent();
        } else if (in.localPort().isEmpty()) {
            local = port; // localPort defaults to port
        }
        if (t.isEmpty() || port.isEmpty() || !localOk) {
            return Optional.empty();
        }
        return Optional.of(new EndpointDraft.Input(in, t.get(), port.getAsInt(), local));
    }

    private Optional<EndpointDraft> instanceInput(EndpointDecl.InstanceInput ii, String label) {
        Optional<Transport> t = protocol(ii.protocol(), label, INSTANCE_INPUT_PROTOCOLS);
        OptionalInt local = Numbers.port(ii.localPort(), "localPort of " + label, problems);
        Optional<PortRange> range = range(ii.publicPorts(), label);
        if (t.isEmpty() || local.isEmpty() || range.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new EndpointDraft.InstanceInput(ii, t.get(), local.getAsInt(), range.get()));
    }

    private Optional<EndpointDraft> internal(EndpointDecl.Internal decl, String label) {
        Optional<Transport> t = protocol(decl.protocol(), label, INTERNAL_PROTOCOLS);
        Optional<PortRange> ports = Optional.empty();
        boolean portsOk = true;
        if (decl.port().isPresent() || decl.fixedPort().isPresent()) {
            Attr attr = decl.port().orElseGet(() -> decl.fixedPort().get());
            String what = decl.port().isPresent() ? "port of " + label : "FixedPort port of " + label;
            OptionalInt port = Numbers.port(attr, what, problems);
            ports = port.isPresent() ? Optional.of(PortRange.single(port.getAsInt())) : Optional.empty();
            portsOk = port.isPresent();
        } else if (decl.fixedRange().isPresent()) {
            ports = range(decl.fixedRange().get(), label);
            portsOk = ports.isPresent();
        }
        if (t.isEmpty() || !portsOk) {
            return Optional.empty();
        }
        if (t.get() == Transport.ANY) {
            ports = Optional.of(PortRange.all()); // protocol any opens every port of every protocol
        }
        return Optional.of(new EndpointDraft.Internal(decl, t.get(), ports));
    }

    private Optional<PortRange> range(RangeDecl range, String label) {
        OptionalInt min = Numbers.port(range.min(), "min of FixedPortRange of " + label, problems);
        OptionalInt max = Numbers.port(range.max(), "max of FixedPortRange of " + label, problems);
        if (min.isEmpty() || max.isEmpty()) {
            return Optional.empty();
        }
        if (min.getAsInt() > max.getAsInt()) {
            problems.add(range.where().error("FixedPortRange of " + label + " is empty: min " + min.getAsInt()
                    + " is greater than max " + max.getAsInt()));
            return Optional.empty();
        }
        return Optional.of(new PortRange(min.getAsInt(), max.getAsInt()));
    }

    private Optional<Transport> protocol(Attr protocol, String label, Set<String> allowed) {
        String value = protocol.value().toLowerCase(java.util.Locale.ROOT);
        if (!allowed.contains(value)) {
            problems.add(protocol.where().error("protocol \"" + protocol.value() + "\" of " + label
                    + " is not allowed; use one of: " + String.join(", ", allowed.stream().sorted().toList())));
            return Optional.empty();
        }
        return Optional.of(Transport.ofProtocol(value));
    }
}
