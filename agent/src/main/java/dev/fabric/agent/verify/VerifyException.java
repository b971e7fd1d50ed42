package dev.fabric.agent.verify;

/** {@code fabric verify} cannot run as asked (missing namespace or bridge, a failing {@code ip} call, ...). */
public final class VerifyException extends RuntimeException {
    public VerifyException(String message) {
        super(message);
    }

    public VerifyException(String message, Throwable cause) {
        super(message, cause);
    }
}
