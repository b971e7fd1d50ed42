package dev.fabric.protocol;

import dev.fabric.pki.CertificateAuthority;
import dev.fabric.pki.Credential;
import dev.fabric.pki.CredentialKind;
import dev.fabric.protocol.tls.TlsFiles;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** A real fabric CA in a temporary directory, with the credentials the link tests need. */
public final class TestPki {
    private static final Duration YEAR = Duration.ofDays(365);
    private final CertificateAuthority ca;
    private final CertificateAuthority otherCa;
    private final java.util.Map<String, TlsFiles> issued = new java.util.HashMap<>();

    public TestPki(Path dir) {
        ca = CertificateAuthority.init(dir.resolve("pki"), "test fabric", YEAR, Clock.systemUTC());
        otherCa = CertificateAuthority.init(dir.resolve("other"), "someone else", YEAR, Clock.systemUTC());
        ca.issue(CredentialKind.CONTROLLER, "controller", List.of("127.0.0.1"), YEAR, Clock.systemUTC());
    }

    public TlsFiles controller() {
        Path d = ca.directory();
        return new TlsFiles(d.resolve("controller.crt"), d.resolve("controller.key"), d.resolve("ca.crt"));
    }

    /** Issued once per name (the CA never overwrites), then reused. */
    public synchronized TlsFiles host(String name) {
        return issued.computeIfAbsent("host " + name, k -> files(ca.issue(CredentialKind.HOST, name, List.of(), YEAR, Clock.systemUTC()), ca));
    }

    public synchronized TlsFiles operator(String name) {
        return issued.computeIfAbsent("operator " + name,
                k -> files(ca.issue(CredentialKind.OPERATOR, name, List.of(), YEAR, Clock.systemUTC()), ca));
    }

    /** Valid for one day, two days ago; use a name of its own. */
    public synchronized TlsFiles expiredHost(String name) {
        Clock twoDaysAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC);
        return issued.computeIfAbsent("host " + name,
                k -> files(ca.issue(CredentialKind.HOST, name, List.of(), Duration.ofDays(1), twoDaysAgo), ca));
    }

    /** A host certificate of another CA, which trusts this fabric's CA (so only the server's check can refuse it). */
    public synchronized TlsFiles foreignHost(String name) {
        return issued.computeIfAbsent("foreign " + name, k -> {
            Credential c = otherCa.issue(CredentialKind.HOST, name, List.of(), YEAR, Clock.systemUTC());
            return new TlsFiles(c.certificateFile(), c.keyFile(), ca.directory().resolve("ca.crt"));
        });
    }

    private static TlsFiles files(Credential c, CertificateAuthority ca) {
        return new TlsFiles(c.certificateFile(), c.keyFile(), ca.directory().resolve("ca.crt"));
    }
}
