package dev.fabric.servicedef.resolve;

import dev.fabric.servicedef.model.Endpoint;
import dev.fabric.servicedef.model.HealthProbe;
import dev.fabric.servicedef.parse.Attr;
import dev.fabric.servicedef.parse.DefinitionDoc;
import dev.fabric.servicedef.parse.ProbeDecl;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Checks the LoadBalancerProbes of a definition and picks each role's health probe: the probe named by
 * the role's first InputEndpoint with a {@code loadBalancerProbe}, else the default of its endpoints.
 * Limits are Azure's: interval at least 5 s (default 15), timeout at least 11 s (default 31), a path for http.
 */
final class ProbeResolver {
    static final int MAX_SECONDS = 86_400;

    /** A probe whose attributes all checked out; {@code port} empty means the endpoint's local port. */
    private record Declared(HealthProbe.Protocol protocol, OptionalInt port, String path, Duration interval,
                            Duration timeout) {
    }

    private final Map<String, ProbeDecl> byName = new HashMap<>();
    private final Map<String, Declared> valid = new HashMap<>();

    ProbeResolver(DefinitionDoc def, Problems problems) {
        for (ProbeDecl p : def.probes()) {
            ProbeDecl first = byName.putIfAbsent(p.name().value(), p);
            if (first != null) {
                problems.add(p.name().where().error("duplicate LoadBalancerProbe name '" + p.name().value()
                        + "' (first declared at " + first.where().lineColumn() + ")"));
                continue;
            }
            check(p, problems).ifPresent(d -> valid.put(p.name().value(), d));
        }
    }

    private static Optional<Declared> check(ProbeDecl p, Problems problems) {
        String name = p.name().value();
        String protocolText = p.protocol().value().toLowerCase(Locale.ROOT);
        HealthProbe.Protocol protocol = switch (protocolText) {
            case "http" -> HealthProbe.Protocol.HTTP;
            case "tcp" -> HealthProbe.Protocol.TCP;
            default -> null;
        };
        if (protocol == null) {
            problems.add(p.protocol().where().error("protocol \"" + p.protocol().value() + "\" of LoadBalancerProbe "
                    + name + " is not allowed; use one of: http, tcp"));
        }
        int before = problems.all().size();
        OptionalInt port = p.port().map(a -> Numbers.port(a, "port of LoadBalancerProbe " + name, problems))
                .orElse(OptionalInt.empty());
        OptionalInt interval = seconds(p.intervalInSeconds(), "intervalInSeconds of LoadBalancerProbe " + name, 5,
                HealthProbe.DEFAULT_INTERVAL, problems);
        OptionalInt timeout = seconds(p.timeoutInSeconds(), "timeoutInSeconds of LoadBalancerProbe " + name, 11,
                HealthProbe.DEFAULT_TIMEOUT, problems);
        String path = p.path().map(Attr::value).map(String::trim).orElse("");
        if (protocol == HealthProbe.Protocol.HTTP && path.isEmpty()) {
            problems.add(p.where().error("LoadBalancerProbe " + name + " has protocol http but no path; add"
                    + " path=\"/...\" (the URL path that answers 200 when the instance is healthy)"));
        } else if (!path.isEmpty() && (path.contains(" ") || path.contains("#"))) {
            problems.add(p.path().get().where().error("path \"" + path + "\" of LoadBalancerProbe " + name
                    + " is not a URL path; use e.g. /healthz"));
        }
        if (protocol == null || problems.all().size() > before) {
            return Optional.empty();
        }
        String normalized = path.isEmpty() ? "/" : path.startsWith("/") ? path : "/" + path;
        return Optional.of(new Declared(protocol, port, normalized, Duration.ofSeconds(interval.getAsInt()),
                Duration.ofSeconds(timeout.getAsInt())));
    }

    private static OptionalInt seconds(Optional<Attr> attr, String what, int min, Duration fallback, Problems problems) {
        return attr.map(a -> Numbers.inRange(a, what, min, MAX_SECONDS, problems))
                .orElse(OptionalInt.of((int) fallback.toSeconds()));
    }

    /** Reports an InputEndpoint that names a probe not declared in LoadBalancerProbes. */
    void checkReference(EndpointDraft d, Problems problems) {
        if (d instanceof EndpointDraft.Input in) {
            in.decl().loadBalancerProbe().ifPresent(probe -> {
                if (!byName.containsKey(probe.value())) {
                    problems.add(probe.where().error("loadBalancerProbe '" + probe.value() + "' of InputEndpoint "
                            + in.name() + " is not declared in <LoadBalancerProbes>"));
                }
            });
        }
    }

    /** The role's probe, once its endpoints (with assigned local ports) are built. */
    Optional<HealthProbe> forRole(List<EndpointDraft> drafts, List<Endpoint> endpoints) {
        for (EndpointDraft d : drafts) {
            if (!(d instanceof EndpointDraft.Input in) || in.decl().loadBalancerProbe().isEmpty()) {
                continue;
            }
            String probeName = in.decl().loadBalancerProbe().get().value();
            Declared p = valid.get(probeName);
            Optional<Endpoint> built = endpoints.stream().filter(e -> e.name().equals(in.name())).findFirst();
            if (p == null || built.isEmpty()) {
                return Optional.empty(); // reported as an error: no service is built
            }
            int port = p.port().orElse(((Endpoint.Input) built.get()).localPort());
            return Optional.of(new HealthProbe(p.protocol(), port, p.path(), p.interval(), p.timeout(),
                    "LoadBalancerProbe " + probeName));
        }
        return HealthProbe.defaultFor(endpoints);
    }
}
