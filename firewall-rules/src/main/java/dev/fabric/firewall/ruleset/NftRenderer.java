package dev.fabric.firewall.ruleset;

import java.util.List;

/**
 * Renders a ruleset as nft text. {@link #replace} is the atomic full replacement: for each table
 * {@code table X} (creates it if missing, so the delete cannot fail), {@code delete table X}, then
 * the table with all its content, all in one buffer and so in one kernel transaction.
 */
public final class NftRenderer {
    private NftRenderer() {
    }

    public static String replace(Ruleset ruleset) {
        StringBuilder sb = new StringBuilder();
        for (Table t : ruleset.tables()) {
            sb.append("table ").append(t.address()).append('\n');
            sb.append("delete table ").append(t.address()).append('\n');
            table(sb, t);
        }
        return sb.toString();
    }

    /** Commands that delete the given tables (each first declared, so a missing table is no error). */
    public static String delete(List<Table> tables) {
        StringBuilder sb = new StringBuilder();
        for (Table t : tables) {
            sb.append("table ").append(t.address()).append('\n');
            sb.append("delete table ").append(t.address()).append('\n');
        }
        return sb.toString();
    }

    static void table(StringBuilder sb, Table t) {
        sb.append("table ").append(t.address()).append(" {\n");
        for (NftSet s : t.sets()) {
            set(sb, s, "\t");
        }
        for (Chain c : t.chains()) {
            chain(sb, c, "\t");
        }
        sb.append("}\n");
    }

    /** A set definition block, with its elements when it has any. */
    static void set(StringBuilder sb, NftSet s, String indent) {
        sb.append(indent).append(s.keyword()).append(' ').append(s.name()).append(" {\n");
        sb.append(indent).append('\t').append(s.type()).append('\n');
        if (s.interval()) {
            sb.append(indent).append("\tflags interval\n");
        }
        if (s.comment() != null) {
            sb.append(indent).append("\tcomment ").append(Nft.quoted(s.comment())).append('\n');
        }
        if (!s.elements().isEmpty()) {
            sb.append(indent).append("\telements = {\n");
            elements(sb, s.elements(), indent + "\t\t");
            sb.append(indent).append("\t}\n");
        }
        sb.append(indent).append("}\n");
    }

    /** Elements one per line, comma separated, for use inside {@code { ... }}. */
    static void elements(StringBuilder sb, List<Element> elements, String indent) {
        for (int i = 0; i < elements.size(); i++) {
            sb.append(indent);
            element(sb, elements.get(i));
            sb.append(i + 1 < elements.size() ? ",\n" : "\n");
        }
    }

    static void element(StringBuilder sb, Element e) {
        sb.append(e.key());
        if (e.comment() != null) {
            sb.append(" comment ").append(Nft.quoted(e.comment()));
        }
        if (e.value() != null) {
            sb.append(" : ").append(e.value());
        }
    }

    static void chain(StringBuilder sb, Chain c, String indent) {
        sb.append(indent).append("chain ").append(c.name()).append(" {\n");
        if (c.hook() != null) {
            sb.append(indent).append('\t').append(c.hook().render()).append('\n');
        }
        if (c.comment() != null) {
            sb.append(indent).append("\tcomment ").append(Nft.quoted(c.comment())).append('\n');
        }
        for (Rule r : c.rules()) {
            sb.append(indent).append('\t');
            rule(sb, r);
            sb.append('\n');
        }
        sb.append(indent).append("}\n");
    }

    static void rule(StringBuilder sb, Rule r) {
        sb.append(r.statement());
        if (r.comment() != null) {
            sb.append(" comment ").append(Nft.quoted(r.comment()));
        }
    }
}
