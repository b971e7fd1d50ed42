package dev.fabric.agent.reconcile;

/**
 * A domain's state as libvirt reports it, reduced to what the reconciler decides on
 * ({@code dev.fabric.agent.libvirt.LibvirtStates} does the mapping): a guest that went down without
 * the agent asking is {@code CRASHED}.
 */
public enum DomainState {
    RUNNING, PAUSED, SHUT_OFF, CRASHED, OTHER;

    /** Whether a QEMU process may exist for it (stop it before undefining). */
    public boolean active() {
        return this == RUNNING || this == PAUSED || this == OTHER;
    }
}
