package dev.fabric.agent.libvirt;

import org.libvirt.event.DomainEventType;

/** libvirt's lifecycle event types, reduced to what the agent acts on. Pure. */
final class EventKinds {
    private EventKinds() {
    }

    /** @param stoppedByAgent whether this agent process itself stopped the domain */
    static InstanceEvent.Kind of(DomainEventType type, boolean stoppedByAgent) {
        return switch (type) {
            case DEFINED -> InstanceEvent.Kind.DEFINED;
            case UNDEFINED -> InstanceEvent.Kind.UNDEFINED;
            case STARTED -> InstanceEvent.Kind.STARTED;
            // Any stop the agent did not ask for (QEMU killed, guest powered off, failed) is a failure.
            case STOPPED -> stoppedByAgent ? InstanceEvent.Kind.STOPPED : InstanceEvent.Kind.CRASHED;
            case CRASHED -> InstanceEvent.Kind.CRASHED;
            default -> InstanceEvent.Kind.OTHER;
        };
    }
}
