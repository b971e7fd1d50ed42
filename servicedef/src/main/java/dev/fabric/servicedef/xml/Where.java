package dev.fabric.servicedef.xml;

import dev.fabric.servicedef.Diagnostic;

/** A place in an input file: the path as the caller named it, 1-based line and column. */
public record Where(String file, int line, int column) {

    public Diagnostic error(String message) {
        return Diagnostic.error(file, line, column, message);
    }

    public Diagnostic warning(String message) {
        return Diagnostic.warning(file, line, column, message);
    }

    /** {@code LINE:COL}, for messages that point back at another place in the same file. */
    public String lineColumn() {
        return line + ":" + column;
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
