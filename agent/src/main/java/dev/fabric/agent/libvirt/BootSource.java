package dev.fabric.agent.libvirt;

import java.nio.file.Path;

/** How a guest boots: from its copy-on-write overlay of a qcow2 image, or directly from a kernel and initrd. */
public sealed interface BootSource permits BootSource.Disk, BootSource.Kernel {

    /** A qcow2 overlay (backed by the base image) as the guest's first disk. */
    record Disk(Path overlay) implements BootSource {
    }

    /**
     * Direct kernel boot (the tiny test guest). {@code cmdline} comes from the image and holds
     * boot options only: the instance's configuration travels on its config drive, never here.
     */
    record Kernel(Path kernel, Path initrd, String cmdline) implements BootSource {
    }
}
