package dev.fabric.pki;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/** PEM files as openssl reads them: certificates world-readable, private keys (PKCS#8) owner-only, never overwritten. */
final class PemFiles {
    private PemFiles() {
    }

    static void writeCertificate(Path file, X509Certificate certificate) {
        write(file, pem(certificate), "rw-r--r--");
    }

    static void writeKey(Path file, PrivateKey key) {
        try {
            write(file, pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null)), "rw-------");
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new PkiException("cannot encode the private key for " + file + ": " + e.getMessage(), e);
        }
    }

    static X509Certificate readCertificate(Path file) {
        Object o = parse(file);
        if (!(o instanceof X509CertificateHolder holder)) {
            throw new PkiException(file + ": not a PEM certificate");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new PkiException(file + ": unreadable certificate: " + e.getMessage(), e);
        }
    }

    static PrivateKey readKey(Path file) {
        Object o = parse(file);
        if (!(o instanceof PrivateKeyInfo info)) {
            throw new PkiException(file + ": not a PEM private key (PKCS#8)");
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException e) {
            throw new PkiException(file + ": unreadable private key: " + e.getMessage(), e);
        }
    }

    private static Object parse(Path file) {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
            Object o = parser.readObject();
            if (o == null) {
                throw new PkiException(file + ": no PEM object in the file");
            }
            return o;
        } catch (IOException e) {
            throw new PkiException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new PkiException("cannot encode PEM: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static void write(Path file, String text, String mode) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
            Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new PkiException(file + " exists already; Fabric never overwrites a key or certificate: move it away first");
        } catch (IOException e) {
            throw new PkiException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
