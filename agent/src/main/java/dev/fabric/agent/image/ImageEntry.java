package dev.fabric.agent.image;

import dev.fabric.agent.desired.ImageRef;

/**
 * A registered image as the manifest records it.
 */
public sealed interface ImageEntry permits ImageEntry.Disk, ImageEntry.Kernel {
    String name();

    /** The digest an {@link ImageRef} names this image by. */
    String digest();

    ImageRef ref();

    /** A qcow2 base image; its digest is the file's SHA-256. */
    record Disk(String name, StoredFile file) implements ImageEntry {
        @Override
        public String digest() {
            return file.sha256();
        }

        @Override
        public ImageRef ref() {
            return new ImageRef(name, digest(), ImageRef.Kind.DISK);
        }
    }

    /**
     * A kernel and initrd for direct boot; the pair's digest is {@link KernelDigest#of}. {@code cmdline}
     * holds boot options only (console, panic): instance configuration goes on the config drive.
     */
    record Kernel(String name, StoredFile kernel, StoredFile initrd, String cmdline) implements ImageEntry {
        public Kernel {
            if (cmdline.indexOf('\t') >= 0 || cmdline.indexOf('\n') >= 0 || cmdline.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("kernel command line of image " + name + " must be one line without tabs");
            }
        }

        @Override
        public String digest() {
            return KernelDigest.of(kernel.sha256(), initrd.sha256());
        }

        @Override
        public ImageRef ref() {
            return new ImageRef(name, digest(), ImageRef.Kind.KERNEL);
        }
    }
}
