package dev.fabric.servicedef.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the agent checks that an instance serves: a TCP connect to {@code port} on the instance, or an
 * HTTP GET of {@code path} there expecting 200. From a declared LoadBalancerProbe, or by default a TCP
 * connect to the local port of the role's first declared TCP endpoint.
 *
 * @param port     a port on the instance (not a public port)
 * @param path     the request path for HTTP ("/" for TCP, where it is unused)
 * @param interval time between probes (csdef intervalInSeconds, default 15 s)
 * @param timeout  how long probes must fail before the instance counts as down (csdef timeoutInSeconds,
 *                 default 31 s: about two intervals, as on Azure)
 * @param source   where the probe comes from, for people: "LoadBalancerProbe LobbyProbe" or
 *                 "default: InputEndpoint HttpIn"
 */
public record HealthProbe(Protocol protocol, int port, String path, Duration interval, Duration timeout, String source) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(31);

    public enum Protocol {
        TCP, HTTP;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public HealthProbe {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("probe port must be 1-65535, was " + port);
        }
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("probe path must start with '/', was " + path);
        }
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("probe interval and timeout must be > 0, were " + interval + ", " + timeout);
        }
    }

    /** "tcp 8080" or "http 8080 /healthz": what is probed, for messages. */
    public String target() {
        return protocol == Protocol.HTTP ? "http " + port + " " + path : "tcp " + port;
    }

    /**
     * The probe of a role that declares no LoadBalancerProbe: a TCP connect to the local port of its first
     * endpoint that is TCP on one known port (http, https, tcp). UDP endpoints cannot be probed by a
     * connect, and an internal endpoint with protocol any names no port the guest serves; both are
     * skipped. No such endpoint: no probe (the instance is judged by its libvirt state alone).
     */
    public static Optional<HealthProbe> defaultFor(List<Endpoint> endpoints) {
        for (Endpoint e : endpoints) {
            if (e.transport() != Transport.TCP) {
                continue;
            }
            int port;
            String kind;
            if (e instanceof Endpoint.Input in) {
                port = in.localPort();
                kind = "InputEndpoint";
            } else if (e instanceof Endpoint.InstanceInput ii) {
                port = ii.localPort();
                kind = "InstanceInputEndpoint";
            } else {
                port = ((Endpoint.Internal) e).ports().min();
                kind = "InternalEndpoint";
            }
            return Optional.of(new HealthProbe(Protocol.TCP, port, "/", DEFAULT_INTERVAL, DEFAULT_TIMEOUT,
                    "default: " + kind + " " + e.name()));
        }
        return Optional.empty();
    }
}
