package dev.fabric.agent.image;

import java.nio.file.Path;

/** A file's SHA-256 is not the one it was registered (or asked for) with: it is refused. */
public final class DigestMismatchException extends ImageException {
    private final Path file;
    private final String expected;
    private final String actual;

    public DigestMismatchException(String image, Path file, String expected, String actual, String advice) {
        super("image " + image + ": file " + file + " has SHA-256 " + actual + " but " + expected + " was expected; " + advice);
        this.file = file;
        this.expected = expected;
        this.actual = actual;
    }

    public Path file() {
        return file;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
