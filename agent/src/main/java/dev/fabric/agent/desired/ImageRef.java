package dev.fabric.agent.desired;

import java.util.regex.Pattern;

/**
 * A base image by name and content digest. The digest is what the image store checks before any
 * instance uses the image: a file whose SHA-256 differs is refused.
 *
 * @param sha256 64 lower-case hex digits (for a kernel image: of its manifest naming kernel and initrd digests)
 * @param kind   a qcow2 disk (each instance gets a copy-on-write overlay) or a kernel+initrd pair (direct boot)
 */
public record ImageRef(String name, String sha256, Kind kind) {
    public enum Kind { DISK, KERNEL }

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public ImageRef {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException("image name '" + name + "' must be 1-64 letters, digits, '.', '-' or '_'");
        }
        if (sha256 == null || !HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("image " + name + ": SHA-256 must be 64 lower-case hex digits, was '" + sha256 + "'");
        }
        java.util.Objects.requireNonNull(kind, "kind");
    }
}
