package dev.fabric.protocol.tls;

import dev.fabric.pki.CertificateAuthority;
import dev.fabric.pki.Credential;
import dev.fabric.pki.CredentialKind;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real fabric CA for tests of the agent link and the REST API (shared through protocol's test-jar).
 * {@link #create} makes the fabric's CA in {@code DIR/pki} with the controller (SAN 127.0.0.1), operator {@code alice}
 * and host {@code host-1}, and a second, foreign CA in {@code DIR/other} with operator {@code mallory}; more credentials
 * are issued on first use.
 */
public final class TestPki {
    private static final Duration YEAR = Duration.ofDays(365);
    private final CertificateAuthority ca;
    private final CertificateAuthority otherCa;
    private final Map<String, TlsFiles> issued = new HashMap<>();

    private TestPki(CertificateAuthority ca, CertificateAuthority otherCa) {
        this.ca = ca;
        this.otherCa = otherCa;
    }

    public static TestPki create(Path tmp) {
        TestPki pki = new TestPki(CertificateAuthority.init(tmp.resolve("pki"), "test fabric", YEAR, Clock.systemUTC()),
                CertificateAuthority.init(tmp.resolve("other"), "someone else", YEAR, Clock.systemUTC()));
        pki.ca.issue(CredentialKind.CONTROLLER, null, List.of("127.0.0.1"), YEAR, Clock.systemUTC());
        pki.operator("alice");
        pki.host("host-1");
        pki.foreignOperator("mallory");
        return pki;
    }

    /** The fabric CA's directory, what {@code --pki} names. */
    public Path dir() {
        return ca.directory();
    }

    /** The foreign CA's directory: {@code ca.crt} and {@code operators/mallory.*} of a fabric that is not this one. */
    public Path other() {
        return otherCa.directory();
    }

    /** The fabric CA's certificate. */
    public Path ca() {
        return dir().resolve("ca.crt");
    }

    public TlsFiles controller() {
        return TlsFiles.controller(dir());
    }

    /** Issued once per name (the CA never overwrites), then reused. */
    public synchronized TlsFiles host(String name) {
        return issued.computeIfAbsent("host " + name, k -> files(ca.issue(CredentialKind.HOST, name, List.of(), YEAR, Clock.systemUTC())));
    }

    public synchronized TlsFiles operator(String name) {
        return issued.computeIfAbsent("operator " + name,
                k -> files(ca.issue(CredentialKind.OPERATOR, name, List.of(), YEAR, Clock.systemUTC())));
    }

    /** Valid for one day, two days ago; use a name of its own. */
    public synchronized TlsFiles expiredHost(String name) {
        Clock twoDaysAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC);
        return issued.computeIfAbsent("host " + name,
                k -> files(ca.issue(CredentialKind.HOST, name, List.of(), Duration.ofDays(1), twoDaysAgo)));
    }

    /** A host certificate of the foreign CA, which trusts this fabric's CA (so only the server's check can refuse it). */
    public synchronized TlsFiles foreignHost(String name) {
        return issued.computeIfAbsent("foreign host " + name,
                k -> files(otherCa.issue(CredentialKind.HOST, name, List.of(), YEAR, Clock.systemUTC())));
    }

    /** An operator certificate of the foreign CA, which trusts this fabric's CA (so only the server's check can refuse it). */
    public synchronized TlsFiles foreignOperator(String name) {
        return issued.computeIfAbsent("foreign operator " + name,
                k -> files(otherCa.issue(CredentialKind.OPERATOR, name, List.of(), YEAR, Clock.systemUTC())));
    }

    private TlsFiles files(Credential c) {
        return new TlsFiles(c.certificateFile(), c.keyFile(), ca());
    }
}
