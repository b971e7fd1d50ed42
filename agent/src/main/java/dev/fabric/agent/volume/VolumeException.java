package dev.fabric.agent.volume;

/** A pool or volume operation failed; the message names the pool, the volume and what to do. */
public final class VolumeException extends RuntimeException {
    public VolumeException(String message) {
        super(message);
    }

    public VolumeException(String message, Throwable cause) {
        super(message, cause);
    }
}
