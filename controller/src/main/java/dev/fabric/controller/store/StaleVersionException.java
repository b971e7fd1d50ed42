package dev.fabric.controller.store;

/**
 * A change was based on a version of a deployment that is no longer the stored one (another call or
 * another controller changed it first); nothing was written. Read again and redo the decision.
 */
public class StaleVersionException extends StoreException {
    private final long expected;
    private final long actual;

    public StaleVersionException(String name, long expected, long actual) {
        super("deployment " + name + " changed meanwhile: expected version " + expected + ", stored version is "
                + actual + "; read it again and retry");
        this.expected = expected;
        this.actual = actual;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
