package dev.fabric.agent.desired;

/** The desired state cannot be met on this host (too little memory, unknown image, bad name). The message says what to change. */
public final class DesiredStateException extends RuntimeException {
    public DesiredStateException(String message) {
        super(message);
    }
}
