package dev.fabric.agent.libvirt;

import dev.fabric.agent.desired.InstanceId;

/**
 * A lifecycle change of a Fabric domain, as libvirt reported it.
 *
 * @param detail libvirt's event type and detail, e.g. {@code STOPPED (FAILED)}, for logs and status
 */
public record InstanceEvent(InstanceId id, String domain, Kind kind, String detail) {
    public enum Kind {
        DEFINED, UNDEFINED, STARTED,
        /** Stopped by this agent process. */
        STOPPED,
        /** Went down without this agent asking: crash, QEMU killed, guest powered off or failed. */
        CRASHED,
        /** Suspended, resumed, shutdown in progress, ...: worth a reconcile, nothing more. */
        OTHER
    }
}
