package dev.fabric.agent.spec;

/** A domain carries Fabric's metadata element, but it cannot be read back into an instance spec. */
public final class InvalidMetadataException extends RuntimeException {
    public InvalidMetadataException(String message) {
        super(message);
    }
}
