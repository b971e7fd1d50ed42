package dev.fabric.servicedef.xml;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One element as written, with where it starts. Only attributes without a namespace prefix are
 * kept ({@code xmlns:*} declarations and {@code xsi:*} attributes carry nothing for us).
 *
 * @param attributes attribute name to value, in document order
 * @param attributeWhere where each attribute's name starts, for diagnostics about its value
 */
public record XmlElement(String name, String namespace, Map<String, String> attributes,
                         Map<String, Where> attributeWhere, List<XmlElement> children, Where where) {
    public XmlElement {
        attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
        attributeWhere = Map.copyOf(attributeWhere);
        children = List.copyOf(children);
    }

    public Optional<String> attribute(String attributeName) {
        return Optional.ofNullable(attributes.get(attributeName));
    }

    /** Where the attribute is written, or the element's start when it is absent. */
    public Where whereOf(String attributeName) {
        return attributeWhere.getOrDefault(attributeName, where);
    }
}
