package dev.fabric.controller.store;

/**
 * A znode holds data this code cannot read (bad JSON, bad gzip, an unknown format version, values
 * that break a record's rules). Never skipped silently: the controller must not act on half a state.
 */
public class CorruptStoreException extends StoreException {
    private final String path;

    public CorruptStoreException(String path, String problem, Throwable cause) {
        super("corrupt data in ZooKeeper znode " + path + ": " + problem, cause);
        this.path = path;
    }

    /** The znode that holds the bad data. */
    public String path() {
        return path;
    }
}
