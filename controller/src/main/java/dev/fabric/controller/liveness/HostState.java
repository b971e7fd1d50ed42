package dev.fabric.controller.liveness;

/** What the controller believes about a host of the inventory. */
public enum HostState {
    /** Not heard since the controller started (or since the host joined the inventory); inside its grace. */
    UNKNOWN,
    /** Heard within the lease. */
    UP,
    /**
     * Lease ended, but the host may still run its instances: the fence margin has not passed, or a peer the
     * controller hears still hears it (it is cut off from the controller only, and so does not fence).
     */
    SUSPECT,
    /** Silent past lease + margin with no peer hearing it: it has fenced itself; its instances may be placed again. */
    DOWN
}
