package dev.fabric.agent.image;

import dev.fabric.agent.desired.ImageRef;

import java.nio.file.Path;

/** An image whose files were just hashed and found to match their registered digests. */
public sealed interface VerifiedImage permits VerifiedImage.Disk, VerifiedImage.Kernel {
    ImageRef ref();

    /** A self-contained qcow2 base (no backing or data file) of {@code virtualSize} bytes. */
    record Disk(ImageRef ref, Path file, long virtualSize) implements VerifiedImage {
    }

    record Kernel(ImageRef ref, Path kernel, Path initrd, String cmdline) implements VerifiedImage {
    }
}
