package dev.fabric.pki;

import java.nio.file.Path;
import java.security.cert.X509Certificate;

/** An issued certificate and where it and its private key were written. */
public record Credential(CredentialKind kind, String name, X509Certificate certificate, Path certificateFile, Path keyFile) {
}
