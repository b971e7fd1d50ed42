package dev.fabric.servicedef.xml;

/** The file is not XML we are willing to read (malformed, too large, has a DOCTYPE, unreadable). */
public final class XmlProblem extends Exception {
    private final Where where;

    public XmlProblem(Where where, String message) {
        super(message);
        this.where = where;
    }

    public Where where() {
        return where;
    }
}
