package dev.fabric.lab;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and the lab's build outputs are, wherever the JVM was started from inside it. */
public final class LabPaths {
    private LabPaths() {
    }

    /** The repository root: {@code -Dfabric.repo=DIR}, else the nearest directory upwards holding lab.sh. */
    public static Path repoRoot() {
        String configured = System.getProperty("fabric.repo");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("lab.sh")) && Files.isRegularFile(dir.resolve("fabric"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (a directory with lab.sh and fabric) above "
                + Path.of("").toAbsolutePath() + "; pass -Dfabric.repo=DIR");
    }

    /** The guest image built by lab/scripts/build-image.sh. */
    public static Path imageDir() {
        return repoRoot().resolve("lab/work/image");
    }
}
