package dev.fabric.agent.image;

/** An image cannot be registered or used. The message names the image or file and says what to do. */
public class ImageException extends RuntimeException {
    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
