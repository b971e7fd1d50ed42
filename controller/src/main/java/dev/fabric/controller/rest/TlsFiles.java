package dev.fabric.controller.rest;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The PEM files the API's TLS needs: the fabric CA's certificate (the only trust anchor for clients) and
 * the controller's own certificate and key, as {@code fabric ca issue --controller} writes them.
 */
public record TlsFiles(Path caCertificate, Path certificate, Path key) {
    public TlsFiles {
        Objects.requireNonNull(caCertificate, "caCertificate");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
    }

    /** {@code DIR/ca.crt}, {@code DIR/controller.crt}, {@code DIR/controller.key}. */
    public static TlsFiles controller(Path pkiDirectory) {
        return new TlsFiles(pkiDirectory.resolve("ca.crt"), pkiDirectory.resolve("controller.crt"),
                pkiDirectory.resolve("controller.key"));
    }
}
