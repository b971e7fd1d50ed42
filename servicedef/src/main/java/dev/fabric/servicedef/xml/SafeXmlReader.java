package dev.fabric.servicedef.xml;

import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a definition or configuration file into an {@link XmlElement} tree, refusing anything a
 * service file never needs and an attacker might use: a DOCTYPE (so no DTD, no entity expansion,
 * no external entities) and files over {@link #MAX_BYTES}. Every element keeps where it starts.
 */
public final class SafeXmlReader {
    /** Real definition files are a few KiB; 4 MiB leaves room for generated ones and caps memory. */
    public static final long MAX_BYTES = 4L * 1024 * 1024;

    private final long maxBytes;

    public SafeXmlReader() {
        this(MAX_BYTES);
    }

    public SafeXmlReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public XmlElement read(Path path) throws XmlProblem {
        String file = path.toString();
        Where start = new Where(file, 1, 1);
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > maxBytes) {
                throw new XmlProblem(start, "file is " + size + " bytes, more than the limit of " + maxBytes
                        + " bytes for a service file");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new XmlProblem(start, "no such file");
        } catch (IOException e) {
            throw new XmlProblem(start, "cannot read file: " + e.getMessage());
        }
        if (bytes.length > maxBytes) { // grew between size() and the read
            throw new XmlProblem(start, "file is larger than the limit of " + maxBytes + " bytes for a service file");
        }
        return parse(SourceText.decode(file, bytes));
    }

    private XmlElement parse(SourceText source) throws XmlProblem {
        XMLStreamReader reader = null;
        try {
            reader = factory().createXMLStreamReader(new StringReader(source.text()));
            return buildTree(reader, source);
        } catch (XMLStreamException e) {
            throw new XmlProblem(whereOf(e.getLocation(), source), "malformed XML: " + plainMessage(e));
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing left to release for an in-memory reader
                }
            }
        }
    }

    private static XMLInputFactory factory() {
        // The JDK's own implementation: its locations are character offsets we rely on.
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }

    private static XmlElement buildTree(XMLStreamReader reader, SourceText source)
            throws XMLStreamException, XmlProblem {
        Deque<Builder> open = new ArrayDeque<>();
        XmlElement root = null;
        while (reader.hasNext()) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.DTD -> throw new XmlProblem(doctypeStart(reader, source),
                        "a DOCTYPE is not allowed in a service file (no DTDs, no entities); remove it");
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new XmlProblem(whereOf(reader.getLocation(), source),
                        "entity reference &" + reader.getLocalName() + "; is not allowed; write the text itself");
                case XMLStreamConstants.START_ELEMENT -> open.push(startElement(reader, source));
                case XMLStreamConstants.END_ELEMENT -> {
                    XmlElement done = open.pop().build();
                    if (open.isEmpty()) {
                        root = done;
                    } else {
                        open.peek().children.add(done);
                    }
                }
                default -> {
                    // text, comments, processing instructions: nothing a service file carries in them
                }
            }
        }
        return root;
    }

    private static Builder startElement(XMLStreamReader reader, SourceText source) {
        int tagEnd = reader.getLocation().getCharacterOffset();
        int tagStart = source.tagStart(tagEnd);
        Builder b = new Builder(reader.getLocalName(), nullToEmpty(reader.getNamespaceURI()), source.at(tagStart));
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String prefix = reader.getAttributePrefix(i);
            if (prefix != null && !prefix.isEmpty()) {
                continue;
            }
            String name = reader.getAttributeLocalName(i);
            b.attributes.put(name, reader.getAttributeValue(i));
            int at = source.attributeOffset(tagStart, tagEnd, name);
            b.attributeWhere.put(name, at < 0 ? b.where : source.at(at));
        }
        return b;
    }

    /** The reader reports a DOCTYPE after reading past it; point at where it starts instead. */
    private static Where doctypeStart(XMLStreamReader reader, SourceText source) {
        int at = source.text().indexOf("<!DOCTYPE");
        return at >= 0 ? source.at(at) : whereOf(reader.getLocation(), source);
    }

    private static Where whereOf(Location location, SourceText source) {
        if (location == null) {
            return source.at(0);
        }
        if (location.getCharacterOffset() >= 0) {
            return source.at(location.getCharacterOffset());
        }
        return source.at(0);
    }

    /** The JDK prefixes messages with "ParseError at [row,col]:[..]\nMessage: "; we print our own place. */
    private static String plainMessage(XMLStreamException e) {
        String message = String.valueOf(e.getMessage());
        int i = message.indexOf("Message: ");
        return (i >= 0 ? message.substring(i + "Message: ".length()) : message).strip();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static final class Builder {
        final String name;
        final String namespace;
        final Where where;
        final Map<String, String> attributes = new LinkedHashMap<>();
        final Map<String, Where> attributeWhere = new HashMap<>();
        final List<XmlElement> children = new ArrayList<>();

        Builder(String name, String namespace, Where where) {
            this.name = name;
            this.namespace = namespace;
            this.where = where;
        }

        XmlElement build() {
            return new XmlElement(name, namespace, attributes, attributeWhere, children, where);
        }
    }
}
