package dev.fabric.controller.store;

/** ZooKeeper could not be reached (or the embedded server could not start); nothing was changed. */
public class StoreUnavailableException extends StoreException {
    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
