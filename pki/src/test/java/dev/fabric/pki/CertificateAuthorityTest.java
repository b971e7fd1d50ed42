package dev.fabric.pki;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CA and its credentials, checked by the JDK's own PKIX validation and by real mutual-TLS handshakes on loopback. */
class CertificateAuthorityTest {
    private static final Clock NOW = Clock.systemUTC();
    private static final Duration YEAR = Duration.ofDays(365);

    @TempDir
    Path dir;

    @Test
    void initWritesASelfSignedCaWhoseKeyOnlyTheOwnerCanRead() throws Exception {
        CertificateAuthority ca = CertificateAuthority.init(dir, "lab fabric", Duration.ofDays(3650), NOW);

        X509Certificate cert = ca.certificate();
        assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
        assertThat(cert.getBasicConstraints()).as("a CA for end entities only").isZero();
        cert.verify(cert.getPublicKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key")))).isEqualTo("rw-------");
        assertThat(CertificateAuthority.open(dir).certificate()).isEqualTo(cert);
    }

    @Test
    void aCaIsNeverReplacedAndAnIssuedCredentialNeverOverwritten() {
        CertificateAuthority ca = CertificateAuthority.init(dir, "lab", YEAR, NOW);
        assertThatThrownBy(() -> CertificateAuthority.init(dir, "again", YEAR, NOW))
                .isInstanceOf(PkiException.class).hasMessageContaining("holds a CA already");
        ca.issue(CredentialKind.HOST, "host-1", List.of(), YEAR, NOW);
        assertThatThrownBy(() -> ca.issue(CredentialKind.HOST, "host-1", List.of(), YEAR, NOW))
                .isInstanceOf(PkiException.class).hasMessageContaining("hosts/host-1.crt exists already");
        assertThatThrownBy(() -> ca.issue(CredentialKind.OPERATOR, "../etc", List.of(), YEAR, NOW))
                .isInstanceOf(PkiException.class).hasMessageContaining("'../etc' is not a usable name");
        assertThatThrownBy(() -> CertificateAuthority.open(dir.resolve("none")))
                .isInstanceOf(PkiException.class).hasMessageContaining("fabric ca init --dir");
    }

    @Test
    void issuedCredentialsChainToTheCaAndSayWhoTheyAreFor() throws Exception {
        CertificateAuthority ca = CertificateAuthority.init(dir, "lab", YEAR, NOW);
        Credential host = ca.issue(CredentialKind.HOST, "host-1", List.of(), YEAR, NOW);
        Credential controller = ca.issue(CredentialKind.CONTROLLER, null, List.of("10.213.255.1", "fabric.example"), YEAR, NOW);
        Credential operator = ca.issue(CredentialKind.OPERATOR, "alice", List.of(), YEAR, NOW);

        assertThat(host.certificateFile()).isEqualTo(dir.resolve("hosts/host-1.crt"));
        assertThat(controller.certificateFile()).isEqualTo(dir.resolve("controller.crt"));
        assertThat(operator.keyFile()).isEqualTo(dir.resolve("operators/alice.key"));
        for (Credential c : List.of(host, controller, operator)) {
            validate(c.certificate(), ca.certificate());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(c.keyFile()))).isEqualTo("rw-------");
        }
        assertThat(host.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=host-1,OU=host,O=Fabric");
        assertThat(host.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2"); // clientAuth
        assertThat(controller.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
        List<String> altNames = controller.certificate().getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
        assertThat(altNames).containsExactly("controller", "10.213.255.1", "fabric.example");
    }

    @Test
    void mutualTlsAcceptsAHostOfThisCaAndRefusesAnotherCasAndAnExpiredOne() throws Exception {
        CertificateAuthority ca = CertificateAuthority.init(dir.resolve("ca"), "lab", YEAR, NOW);
        Credential server = ca.issue(CredentialKind.CONTROLLER, null, List.of("127.0.0.1"), YEAR, NOW);
        Credential host = ca.issue(CredentialKind.HOST, "host-1", List.of(), YEAR, NOW);
        Clock twoDaysAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC);
        Credential expired = ca.issue(CredentialKind.HOST, "host-2", List.of(), Duration.ofDays(1), twoDaysAgo);
        CertificateAuthority other = CertificateAuthority.init(dir.resolve("other"), "someone else", YEAR, NOW);
        Credential stranger = other.issue(CredentialKind.HOST, "host-1", List.of(), YEAR, NOW);

        assertThat(handshake(server, ca, host, ca)).isEqualTo("CN=host-1,OU=host,O=Fabric");
        assertThat(handshake(server, ca, stranger, ca)).startsWith("refused");
        assertThat(handshake(server, ca, expired, ca)).startsWith("refused");
    }

    /** The server's view of one TLS 1.3 handshake: the client's subject, or "refused: why". */
    private static String handshake(Credential serverCred, CertificateAuthority serverTrust, Credential clientCred,
                                    CertificateAuthority clientTrust) throws Exception {
        SSLContext serverCtx = context(serverCred, serverTrust);
        SSLContext clientCtx = context(clientCred, clientTrust);
        try (SSLServerSocket listener = (SSLServerSocket) serverCtx.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            listener.setEnabledProtocols(new String[] {"TLSv1.3"});
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                    String peer = ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
                    s.getOutputStream().write(1);
                    s.getOutputStream().flush();
                    return peer;
                } catch (Exception e) {
                    return "refused: " + e.getMessage();
                }
            });
            try (SSLSocket c = (SSLSocket) clientCtx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                    listener.getLocalPort())) {
                c.setSoTimeout(10_000);
                c.startHandshake();
                c.getInputStream().read(); // TLS 1.3: the server's verdict on the client certificate arrives after the client's Finished
            } catch (Exception e) {
                // the client sees the refusal as an alert or a closed socket; the server's side says why
            }
            return served.get(20, TimeUnit.SECONDS);
        }
    }

    private static SSLContext context(Credential own, CertificateAuthority trust) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("own", PemFiles.readKey(own.keyFile()), new char[0],
                new java.security.cert.Certificate[] {own.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", trust.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(anchors);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static void validate(X509Certificate cert, X509Certificate caCert) throws Exception {
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(caCert, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert)), params);
    }
}
