package dev.fabric.protocol;

/**
 * The agent link's protocol versions. An agent says which one it speaks in its Hello; the controller
 * admits only versions in [{@link #LOWEST}, {@link #HIGHEST}] and otherwise refuses, naming both.
 * Within a version, messages only gain fields (decision 0610).
 */
public final class LinkVersion {
    public static final int LOWEST = 1;
    public static final int HIGHEST = 1;
    public static final int CURRENT = 1;

    private LinkVersion() {
    }

    public static boolean supported(int version) {
        return version >= LOWEST && version <= HIGHEST;
    }
}
