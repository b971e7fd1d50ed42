package dev.fabric.protocol.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Netty TLS contexts for the agent link: TLS 1.3 only and trust in exactly one CA, the fabric's. The
 * server requires a client certificate; there is no way to talk to it without one. BoringSSL where its
 * native library loads (it costs a fraction of the JDK's provider per record and per handshake, which
 * decides how many agents one controller holds; decision 0693), the JDK's provider otherwise; both
 * behave the same to the peer.
 */
public final class TlsContexts {
    private static final String TLS13 = "TLSv1.3";
    private static final SslProvider PROVIDER = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;

    /** Which TLS implementation the contexts use, for the start-up line: "BoringSSL ..." or "JDK". */
    public static String provider() {
        return PROVIDER == SslProvider.OPENSSL ? OpenSsl.versionString() : "JDK";
    }

    private TlsContexts() {
    }

    public static SslContext server(TlsFiles files) {
        check(files);
        try {
            return SslContextBuilder.forServer(files.certificate().toFile(), files.key().toFile())
                    .trustManager(files.caCertificate().toFile()).clientAuth(ClientAuth.REQUIRE)
                    .sslProvider(PROVIDER).protocols(TLS13).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsSetupException("cannot use " + files.certificate() + " with " + files.key() + " and CA "
                    + files.caCertificate() + ": " + e.getMessage(), e);
        }
    }

    public static SslContext client(TlsFiles files) {
        check(files);
        try {
            return SslContextBuilder.forClient().keyManager(files.certificate().toFile(), files.key().toFile())
                    .trustManager(files.caCertificate().toFile()).sslProvider(PROVIDER).protocols(TLS13).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsSetupException("cannot use " + files.certificate() + " with " + files.key() + " and CA "
                    + files.caCertificate() + ": " + e.getMessage(), e);
        }
    }

    private static void check(TlsFiles files) {
        for (Path p : new Path[]{files.certificate(), files.key(), files.caCertificate()}) {
            if (!Files.isReadable(p)) {
                throw new TlsSetupException(p + ": " + (Files.exists(p) ? "not readable" : "no such file")
                        + "; make the fabric's certificates with fabric ca init / fabric ca issue", null);
            }
        }
    }
}
