package dev.fabric.cli;

import java.util.List;

/**
 * The controller refused, or could not be asked. Printed for people as {@code fabric: error: MESSAGE} and one
 * indented line per detail; {@link #exitCode} is 2 for bad input or a refusal (4xx, bad options, missing
 * certificate), 1 for everything else (unreachable, TLS failure, 5xx).
 */
final class ControllerError extends RuntimeException {
    private final int exitCode;
    private final List<String> details;

    ControllerError(int exitCode, String message, List<String> details) {
        super(message);
        this.exitCode = exitCode;
        this.details = List.copyOf(details);
    }

    ControllerError(int exitCode, String message) {
        this(exitCode, message, List.of());
    }

    int exitCode() {
        return exitCode;
    }

    List<String> details() {
        return details;
    }

    /** Prints it and returns the exit code. */
    int report(java.io.PrintWriter err) {
        err.println("fabric: error: " + getMessage());
        details.forEach(d -> err.println("  " + d));
        err.flush();
        return exitCode;
    }
}
