package dev.fabric.agent.addressing;

/** The instance subnet has no free address left for a new instance. */
public final class SubnetExhaustedException extends RuntimeException {
    public SubnetExhaustedException(String message) {
        super(message);
    }
}
