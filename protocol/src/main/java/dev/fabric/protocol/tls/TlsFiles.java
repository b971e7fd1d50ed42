package dev.fabric.protocol.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * PEM files of one side of a mutual-TLS connection (the agent link or the REST API): its certificate, its PKCS#8 key,
 * and the fabric CA's certificate, the only trust anchor.
 */
public record TlsFiles(Path certificate, Path key, Path caCertificate) {
    public TlsFiles {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(caCertificate, "caCertificate");
    }

    /** The controller's: {@code DIR/controller.crt}, {@code DIR/controller.key}, {@code DIR/ca.crt}, as {@code fabric ca} writes them. */
    public static TlsFiles controller(Path pkiDirectory) {
        return new TlsFiles(pkiDirectory.resolve("controller.crt"), pkiDirectory.resolve("controller.key"),
                pkiDirectory.resolve("ca.crt"));
    }

    /** A host's: {@code DIR/hosts/NAME.crt}, {@code DIR/hosts/NAME.key}, {@code DIR/ca.crt}. */
    public static TlsFiles host(Path pkiDirectory, String name) {
        return new TlsFiles(pkiDirectory.resolve("hosts/" + name + ".crt"), pkiDirectory.resolve("hosts/" + name + ".key"),
                pkiDirectory.resolve("ca.crt"));
    }
}
