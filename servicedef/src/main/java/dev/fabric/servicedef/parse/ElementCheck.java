package dev.fabric.servicedef.parse;

import dev.fabric.servicedef.Diagnostic;
import dev.fabric.servicedef.xml.XmlElement;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Structural checks shared by both parsers: required and unknown attributes, unknown elements.
 * Collects diagnostics instead of stopping, so one run reports every problem of a file.
 */
final class ElementCheck {
    private final String namespace;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    ElementCheck(String namespace) {
        this.namespace = namespace;
    }

    List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    void report(Diagnostic d) {
        diagnostics.add(d);
    }

    /** The attribute, or an error naming it when it is missing or blank. */
    Optional<Attr> required(XmlElement e, String name) {
        Optional<String> value = e.attribute(name);
        if (value.isEmpty()) {
            diagnostics.add(e.where().error(e.name() + " is missing required attribute '" + name + "'"));
            return Optional.empty();
        }
        if (value.get().isBlank()) {
            diagnostics.add(e.whereOf(name).error("attribute '" + name + "' of " + e.name() + " is empty"));
            return Optional.empty();
        }
        return Optional.of(new Attr(value.get().strip(), e.whereOf(name)));
    }

    Optional<Attr> optional(XmlElement e, String name) {
        return e.attribute(name).map(v -> new Attr(v.strip(), e.whereOf(name)));
    }

    /**
     * Warns about attributes we do not know: real files carry SDK-specific extras, so they must not
     * fail validation, but a misspelt {@code locaPort} should not pass silently either.
     */
    void knownAttributes(XmlElement e, Set<String> known) {
        for (String name : e.attributes().keySet()) {
            if (!known.contains(name)) {
                diagnostics.add(e.whereOf(name).warning("unknown attribute '" + name + "' on " + e.name()
                        + " is ignored (known: " + String.join(", ", sorted(known)) + ")"));
            }
        }
    }

    /** True when the child is one of {@code expected} in our namespace; otherwise reports it. */
    boolean expect(XmlElement child, XmlElement parent, Set<String> expected) {
        if (!child.namespace().equals(namespace)) {
            diagnostics.add(child.where().error("element <" + child.name() + "> in namespace '" + child.namespace()
                    + "' is not part of a service file; expected the namespace " + namespace));
            return false;
        }
        if (!expected.contains(child.name())) {
            diagnostics.add(child.where().error(unknownElement(child, parent, expected)));
            return false;
        }
        return true;
    }

    /** Reports any child at all: for elements that must be empty. */
    void noChildren(XmlElement e) {
        for (XmlElement child : e.children()) {
            expect(child, e, Set.of());
        }
    }

    private static String unknownElement(XmlElement child, XmlElement parent, Set<String> expected) {
        String message = "unknown element <" + child.name() + "> in <" + parent.name() + ">";
        return expected.isEmpty()
                ? message + "; " + parent.name() + " has no child elements"
                : message + "; expected one of: " + String.join(", ", sorted(expected));
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
