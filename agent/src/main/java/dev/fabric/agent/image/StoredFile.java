package dev.fabric.agent.image;

import java.nio.file.Path;

/** One file of a registered image and the SHA-256 it was registered with. */
public record StoredFile(Path path, String sha256) {
    public StoredFile {
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("image file path must be absolute: " + path);
        }
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("SHA-256 of " + path + " must be 64 lower-case hex digits, was '" + sha256 + "'");
        }
    }
}
