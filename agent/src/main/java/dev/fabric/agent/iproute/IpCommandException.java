package dev.fabric.agent.iproute;

/** An {@code ip} command that failed or could not run; the message has the command and its output. */
public final class IpCommandException extends RuntimeException {
    public IpCommandException(String message) {
        super(message);
    }

    public IpCommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
