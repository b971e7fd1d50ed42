package dev.fabric.protocol.tls;

/** A certificate, key or CA file that cannot be used; the message names the file and why. */
public final class TlsSetupException extends RuntimeException {
    public TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
