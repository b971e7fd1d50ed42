package dev.fabric.firewall.verify;

/** A port list that cannot be read; the message names the list, the column and what to do. */
public final class PortListException extends IllegalArgumentException {

    private final int column;

    public PortListException(String list, int column, String problem) {
        super("bad port list '" + list + "' at column " + column + ": " + problem);
        this.column = column;
    }

    /** 1-based position in the list where the problem starts. */
    public int column() {
        return column;
    }
}
