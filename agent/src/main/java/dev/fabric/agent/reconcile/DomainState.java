package dev.fabric.agent.reconcile;

/**
 * A domain's state as libvirt reports it, reduced to what the reconciler decides on. The I/O layer
 * maps libvirt's (state, reason): shut off with reason "crashed", or "destroyed"/"failed" without
 * the agent asking, is {@code CRASHED}.
 */
public enum DomainState {
    RUNNING, PAUSED, SHUT_OFF, CRASHED, OTHER;

    /** Whether a QEMU process may exist for it (stop it before undefining). */
    public boolean active() {
        return this == RUNNING || this == PAUSED || this == OTHER;
    }
}
