package dev.fabric.pki;

import org.bouncycastle.asn1.x509.KeyPurposeId;

import java.util.regex.Pattern;

/**
 * Who a certificate is for, written into its subject's OU and its extended key usage, so that the
 * controller can tell a host from an operator by the certificate alone.
 */
public enum CredentialKind {
    /** A node agent: dials out to the controller (TLS client). CN = the host's inventory name. */
    HOST("host", "hosts", KeyPurposeId.id_kp_clientAuth),
    /** The controller: serves agents and operators (TLS server). CN = controller. */
    CONTROLLER("controller", "", KeyPurposeId.id_kp_serverAuth),
    /** A person or tool using the REST API (TLS client). CN = the operator's name. */
    OPERATOR("operator", "operators", KeyPurposeId.id_kp_clientAuth);

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final String unit;
    private final String directory;
    private final KeyPurposeId purpose;

    CredentialKind(String unit, String directory, KeyPurposeId purpose) {
        this.unit = unit;
        this.directory = directory;
        this.purpose = purpose;
    }

    /** The subject's organizational unit. */
    public String unit() {
        return unit;
    }

    /** Where under the CA directory its files go ("" = the directory itself). */
    public String directory() {
        return directory;
    }

    KeyPurposeId purpose() {
        return purpose;
    }

    /** Checks a host or operator name: 1-63 lower-case letters, digits and '-', starting with a letter or digit. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new PkiException("'" + name + "' is not a usable name: use 1-63 lower-case letters, digits or '-',"
                    + " starting with a letter or digit (it becomes the certificate's CN and a file name)");
        }
        return name;
    }
}
