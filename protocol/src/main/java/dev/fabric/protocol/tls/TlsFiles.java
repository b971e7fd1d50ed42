package dev.fabric.protocol.tls;

import java.nio.file.Path;

/** PEM files of one side of a mutual-TLS link: its certificate, its PKCS#8 key, and the fabric CA's certificate. */
public record TlsFiles(Path certificate, Path key, Path caCertificate) {
}
