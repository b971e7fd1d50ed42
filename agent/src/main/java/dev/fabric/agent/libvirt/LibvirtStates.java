package dev.fabric.agent.libvirt;

import dev.fabric.agent.reconcile.DomainState;

/**
 * Maps libvirt's (virDomainState, reason) pair, as virDomainGetState returns it, to the state the
 * reconciler decides on. Pure, so the mapping is tested without a daemon.
 */
public final class LibvirtStates {
    // virDomainState (libvirt-domain.h)
    static final int NOSTATE = 0;
    static final int RUNNING = 1;
    static final int BLOCKED = 2;
    static final int PAUSED = 3;
    static final int SHUTDOWN = 4;
    static final int SHUTOFF = 5;
    static final int CRASHED = 6;
    static final int PMSUSPENDED = 7;
    // virDomainShutoffReason
    static final int SHUTOFF_SHUTDOWN = 1;
    static final int SHUTOFF_DESTROYED = 2;
    static final int SHUTOFF_CRASHED = 3;
    static final int SHUTOFF_FAILED = 6;

    private LibvirtStates() {
    }

    /**
     * @param stoppedByAgent whether this agent process itself stopped the domain; a guest that went
     *                       down any other way (crash, QEMU killed, powered itself off) counts as failed
     */
    public static DomainState of(int state, int reason, boolean stoppedByAgent) {
        return switch (state) {
            case RUNNING, BLOCKED -> DomainState.RUNNING;
            case PAUSED, PMSUSPENDED -> DomainState.PAUSED;
            case CRASHED -> DomainState.CRASHED;
            case SHUTOFF -> shutoff(reason, stoppedByAgent);
            default -> DomainState.OTHER; // NOSTATE, SHUTDOWN in progress, or a state newer than this code
        };
    }

    private static DomainState shutoff(int reason, boolean stoppedByAgent) {
        if (stoppedByAgent) {
            return DomainState.SHUT_OFF;
        }
        return switch (reason) {
            case SHUTOFF_CRASHED, SHUTOFF_FAILED, SHUTOFF_DESTROYED, SHUTOFF_SHUTDOWN -> DomainState.CRASHED;
            default -> DomainState.SHUT_OFF; // never started, saved, migrated, restored, or unknown
        };
    }
}
