package dev.fabric.agent.libvirt;

/** Receives lifecycle events of Fabric domains, on libvirt's event thread: hand work off, do not block. */
@FunctionalInterface
public interface InstanceEventListener {
    void onEvent(InstanceEvent event);
}
