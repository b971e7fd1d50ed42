package dev.fabric.protocol.tls;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;

/** Who the other side of a verified TLS session is: its certificate's CN and OU ({@code CN=host-1, OU=host}). */
public record PeerIdentity(String commonName, String unit) {
    public static Optional<PeerIdentity> of(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate x)) {
                return Optional.empty();
            }
            return Optional.of(of(x));
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    public static PeerIdentity of(X509Certificate certificate) {
        String cn = "";
        String ou = "";
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = String.valueOf(rdn.getValue());
                } else if (rdn.getType().equalsIgnoreCase("OU")) {
                    ou = String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            // an unparsable subject names nobody: CN and OU stay empty and every check refuses it
        }
        return new PeerIdentity(cn, ou);
    }

    @Override
    public String toString() {
        return "CN=" + commonName + ", OU=" + unit;
    }
}
