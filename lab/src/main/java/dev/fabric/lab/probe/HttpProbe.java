package dev.fabric.lab.probe;

import java.time.Duration;
import java.util.Optional;

/** Plain HTTP GETs from inside a namespace (curl there; the JVM itself is not in the namespace). */
public final class HttpProbe {
    private final InNamespace where;

    public HttpProbe(InNamespace where) {
        this.where = where;
    }

    /** The body of {@code http://address:port/}, or empty when nothing answered within {@code timeout}. */
    public Optional<String> get(String address, int port, Duration timeout) {
        CommandResult r = where.run(timeout.plusSeconds(5), "curl", "-sS", "--max-time", Long.toString(timeout.toSeconds()),
                "http://" + address + ":" + port + "/");
        return r.ok() ? Optional.of(r.stdout().strip()) : Optional.empty();
    }
}
