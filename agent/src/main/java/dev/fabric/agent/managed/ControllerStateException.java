package dev.fabric.agent.managed;

/** A desired state from the controller that this agent cannot take: what is wrong and where in the message. */
public final class ControllerStateException extends RuntimeException {
    public ControllerStateException(String message) {
        super(message);
    }

    public ControllerStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
