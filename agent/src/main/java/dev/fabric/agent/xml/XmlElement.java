package dev.fabric.agent.xml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny element tree for writing XML documents Fabric generates (domain XML, instance metadata):
 * attributes in insertion order, either text or child elements, every value escaped. Writing
 * through this class rather than string concatenation is what keeps a role name such as
 * {@code A&B <1>} from breaking a document.
 */
public final class XmlElement {
    private final String name;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<XmlElement> children = new ArrayList<>();
    private String text;

    public XmlElement(String name) {
        this.name = name;
    }

    public XmlElement attr(String key, Object value) {
        attributes.put(key, String.valueOf(value));
        return this;
    }

    /** Adds and returns a new child element. */
    public XmlElement child(String childName) {
        XmlElement c = new XmlElement(childName);
        add(c);
        return c;
    }

    /** Adds a child element holding only text, returns this element. */
    public XmlElement textChild(String childName, Object value) {
        child(childName).text(String.valueOf(value));
        return this;
    }

    public XmlElement add(XmlElement c) {
        if (text != null) {
            throw new IllegalStateException("<" + name + "> has text; it cannot also have child elements");
        }
        children.add(c);
        return this;
    }

    public XmlElement text(String value) {
        if (!children.isEmpty()) {
            throw new IllegalStateException("<" + name + "> has child elements; it cannot also have text");
        }
        this.text = value;
        return this;
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        render(out, 0);
        return out.toString();
    }

    private void render(StringBuilder out, int depth) {
        out.append("  ".repeat(depth)).append('<').append(name);
        attributes.forEach((k, v) -> out.append(' ').append(k).append("=\"").append(escape(v)).append('"'));
        if (text != null) {
            out.append('>').append(escape(text)).append("</").append(name).append(">\n");
        } else if (children.isEmpty()) {
            out.append("/>\n");
        } else {
            out.append(">\n");
            for (XmlElement c : children) {
                c.render(out, depth + 1);
            }
            out.append("  ".repeat(depth)).append("</").append(name).append(">\n");
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                case '\n' -> b.append("&#10;");
                case '\r' -> b.append("&#13;");
                case '\t' -> b.append("&#9;");
                default -> {
                    if (c < 0x20) {
                        throw new IllegalArgumentException("control character U+" + String.format("%04X", (int) c)
                                + " cannot appear in an XML 1.0 document");
                    }
                    b.append(c);
                }
            }
        }
        return b.toString();
    }
}
