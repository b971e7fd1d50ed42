package dev.fabric.controller.store;

/** Something went wrong reading or writing the controller's state; the message says what and where. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
