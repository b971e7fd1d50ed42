package dev.fabric.servicedef;

/**
 * One finding about a definition or configuration file, with the place it refers to.
 * Printed as {@code FILE:LINE:COL: error: MESSAGE} (or {@code warning:}).
 */
public record Diagnostic(Severity severity, String file, int line, int column, String message) {

    public enum Severity { ERROR, WARNING }

    public static Diagnostic error(String file, int line, int column, String message) {
        return new Diagnostic(Severity.ERROR, file, line, column, message);
    }

    public static Diagnostic warning(String file, int line, int column, String message) {
        return new Diagnostic(Severity.WARNING, file, line, column, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + severity.name().toLowerCase() + ": " + message;
    }
}
