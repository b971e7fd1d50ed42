package dev.fabric.pki;

/** A CA or credential operation that cannot be done; the message says what and what to do. */
public final class PkiException extends RuntimeException {
    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
