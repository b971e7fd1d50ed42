package dev.fabric.pki;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The fabric's own certificate authority in a directory: {@code ca.crt} and {@code ca.key} (mode 0600),
 * and the credentials it issued, {@code hosts/NAME.{crt,key}}, {@code controller.{crt,key}} and
 * {@code operators/NAME.{crt,key}}. Keys are EC P-256, signatures SHA256withECDSA. Nothing is ever
 * overwritten: a CA key replaced by accident would orphan every host.
 */
public final class CertificateAuthority {
    public static final Path DEFAULT_DIR = Path.of("/etc/fabric/pki");
    static final String CA_CERT = "ca.crt";
    static final String CA_KEY = "ca.key";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final X509Certificate certificate;
    private final PrivateKey key;

    private CertificateAuthority(Path dir, X509Certificate certificate, PrivateKey key) {
        this.dir = dir;
        this.certificate = certificate;
        this.key = key;
    }

    /** Makes a new CA named {@code name} in {@code dir}, valid from now for {@code validity}. */
    public static CertificateAuthority init(Path dir, String name, Duration validity, Clock clock) {
        if (Files.exists(dir.resolve(CA_KEY)) || Files.exists(dir.resolve(CA_CERT))) {
            throw new PkiException(dir + " holds a CA already (" + CA_CERT + ", " + CA_KEY + "); Fabric never replaces a CA:"
                    + " use it, or choose another directory");
        }
        KeyPair pair = newKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Fabric").addRDN(BCStyle.CN, name).build();
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(validity)), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = sign(b, pair.getPrivate());
            PemFiles.writeKey(dir.resolve(CA_KEY), pair.getPrivate());
            PemFiles.writeCertificate(dir.resolve(CA_CERT), cert);
            return new CertificateAuthority(dir, cert, pair.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new PkiException("cannot make the CA certificate: " + e.getMessage(), e);
        }
    }

    /** The CA in {@code dir}, as {@link #init} left it. */
    public static CertificateAuthority open(Path dir) {
        if (!Files.exists(dir.resolve(CA_CERT))) {
            throw new PkiException("no CA in " + dir + " (" + CA_CERT + " is missing); make one with: fabric ca init --dir " + dir);
        }
        return new CertificateAuthority(dir, PemFiles.readCertificate(dir.resolve(CA_CERT)), PemFiles.readKey(dir.resolve(CA_KEY)));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public Path directory() {
        return dir;
    }

    /**
     * Issues a credential and writes it under the CA directory.
     *
     * @param name     the host's inventory name or the operator's name (ignored for the controller, whose CN is "controller")
     * @param addresses extra subject alternative names: IP addresses or DNS names the peer is reached by
     */
    public Credential issue(CredentialKind kind, String name, List<String> addresses, Duration validity, Clock clock) {
        String cn = kind == CredentialKind.CONTROLLER ? "controller" : CredentialKind.checkName(name);
        Path base = kind.directory().isEmpty() ? dir : dir.resolve(kind.directory());
        Path certFile = base.resolve(cn + ".crt");
        Path keyFile = base.resolve(cn + ".key");
        if (Files.exists(certFile) || Files.exists(keyFile)) {
            throw new PkiException(certFile + " exists already; Fabric never overwrites a key or certificate: move it away first");
        }
        KeyPair pair = newKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Fabric").addRDN(BCStyle.OU, kind.unit())
                .addRDN(BCStyle.CN, cn).build();
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            List<GeneralName> names = new ArrayList<>();
            names.add(new GeneralName(GeneralName.dNSName, cn));
            for (String a : addresses) {
                names.add(a.matches("[0-9.]+|[0-9a-fA-F:]+:[0-9a-fA-F:.]*") ? new GeneralName(GeneralName.iPAddress, a)
                        : new GeneralName(GeneralName.dNSName, a));
            }
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(validity)), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(kind.purpose()))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            X509Certificate cert = sign(b, key);
            PemFiles.writeKey(keyFile, pair.getPrivate());
            PemFiles.writeCertificate(certFile, cert);
            return new Credential(kind, cn, cert, certFile, keyFile);
        } catch (GeneralSecurityException | CertIOException | IllegalArgumentException e) {
            throw new PkiException("cannot issue a " + kind.unit() + " certificate for " + cn + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot make an EC P-256 key: " + e.getMessage(), e);
        }
    }

    /** 127 random bits: unique without a serial file. */
    private static BigInteger serial() {
        return new BigInteger(127, RANDOM);
    }
}
