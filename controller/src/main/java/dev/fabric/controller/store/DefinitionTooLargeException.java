package dev.fabric.controller.store;

/**
 * A deployment does not fit into one ZooKeeper transaction even compressed (decision 0630: the store
 * keeps ZooKeeper's default 1 MiB jute.maxbuffer so any ensemble works); nothing was written.
 */
public class DefinitionTooLargeException extends StoreException {
    public DefinitionTooLargeException(String message) {
        super(message);
    }
}
