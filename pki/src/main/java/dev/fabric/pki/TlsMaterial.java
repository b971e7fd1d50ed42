package dev.fabric.pki;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

/**
 * JDK key and trust managers from the PEM files this CA writes, for mutual TLS 1.3 between fabric parts:
 * trust is the fabric's CA alone, never the system's trust store.
 */
public final class TlsMaterial {
    private static final char[] NO_PASSWORD = new char[0];

    private TlsMaterial() {
    }

    /** Our own certificate and key (e.g. {@code operators/alice.crt}, {@code operators/alice.key}). */
    public static KeyManagerFactory keyManagers(Path certificate, Path key) {
        X509Certificate cert = PemFiles.readCertificate(certificate);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("own", PemFiles.readKey(key), NO_PASSWORD, new X509Certificate[] {cert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, NO_PASSWORD);
            return kmf;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new PkiException(certificate + ", " + key + ": not a usable certificate and key: " + e.getMessage(), e);
        }
    }

    /** Trusts exactly the CA certificate in {@code caCertificate} (e.g. {@code ca.crt}). */
    public static TrustManagerFactory trustManagers(Path caCertificate) {
        X509Certificate ca = PemFiles.readCertificate(caCertificate);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("fabric-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new PkiException(caCertificate + ": not a usable CA certificate: " + e.getMessage(), e);
        }
    }

    /**
     * A TLS 1.3 context presenting our certificate and trusting only the fabric's CA; the arguments in the order of
     * the link's {@code TlsFiles} (certificate, key, CA). For the JDK's {@code HttpClient}; Netty servers and clients
     * use the protocol module's {@code TlsContexts}.
     */
    public static SSLContext context(Path certificate, Path key, Path caCertificate) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(keyManagers(certificate, key).getKeyManagers(), trustManagers(caCertificate).getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot make a TLS 1.3 context: " + e.getMessage(), e);
        }
    }
}
