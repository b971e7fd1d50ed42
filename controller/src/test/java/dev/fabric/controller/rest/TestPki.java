package dev.fabric.controller.rest;

import dev.fabric.pki.CertificateAuthority;
import dev.fabric.pki.CredentialKind;
import dev.fabric.protocol.tls.TlsFiles;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Real credentials for API tests: the fabric CA in {@code DIR/pki} with the controller (SAN 127.0.0.1), operator
 * {@code alice} and host {@code host-1}; a second, foreign CA in {@code DIR/other} with operator {@code mallory}.
 */
public record TestPki(Path dir, Path other) {

    public static TestPki create(Path tmp) {
        Path dir = tmp.resolve("pki");
        Path other = tmp.resolve("other");
        Clock clock = Clock.systemUTC();
        Duration days = Duration.ofDays(2);
        CertificateAuthority ca = CertificateAuthority.init(dir, "test CA", days, clock);
        ca.issue(CredentialKind.CONTROLLER, null, List.of("127.0.0.1"), days, clock);
        ca.issue(CredentialKind.OPERATOR, "alice", List.of(), days, clock);
        ca.issue(CredentialKind.HOST, "host-1", List.of(), days, clock);
        CertificateAuthority foreign = CertificateAuthority.init(other, "foreign CA", days, clock);
        foreign.issue(CredentialKind.OPERATOR, "mallory", List.of(), days, clock);
        foreign.issue(CredentialKind.CONTROLLER, null, List.of("127.0.0.1"), days, clock);
        return new TestPki(dir, other);
    }

    public TlsFiles controller() {
        return TlsFiles.controller(dir);
    }

    public Path ca() {
        return dir.resolve("ca.crt");
    }
}
