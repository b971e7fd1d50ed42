package dev.fabric.firewall.verify;

/** A scan that could not be carried out at all (no route, no sockets left); the message says why. */
public final class ScanException extends RuntimeException {

    public ScanException(String message, Throwable cause) {
        super(message, cause);
    }
}
