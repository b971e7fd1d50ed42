package dev.fabric.agent.spec;

import dev.fabric.agent.addressing.Assignment;
import dev.fabric.agent.desired.ImageRef;
import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.xml.SafeDom;
import dev.fabric.agent.xml.XmlElement;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.MacAddress;
import dev.fabric.servicedef.model.AclRule;
import dev.fabric.servicedef.model.Endpoint;
import dev.fabric.servicedef.model.PortRange;
import dev.fabric.servicedef.model.Transport;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The instance spec as the {@code <instance>} element Fabric keeps in a domain's {@code <metadata>},
 * in its own namespace, and back. libvirt is the agent's memory: a restarted agent reads this from
 * every domain and re-adopts the guests whose spec still matches, without touching them.
 */
public final class InstanceMetadata {
    public static final String NAMESPACE = "https://fabric.dev/xmlns/instance/1";
    /** The prefix libvirt's metadata API is given; libvirt returns the element without it. */
    public static final String PREFIX = "fabric";
    static final String ELEMENT = "instance";

    private InstanceMetadata() {
    }

    /** The element with the namespace declared on it, for embedding in domain XML ({@code <metadata>}). */
    public static XmlElement toElement(InstanceSpec spec) {
        return build(spec, PREFIX + ":").attr("xmlns:" + PREFIX, NAMESPACE);
    }

    public static String toXml(InstanceSpec spec) {
        return toElement(spec).render();
    }

    /**
     * The element without prefix or namespace declaration, the form virDomainSetMetadata takes (given
     * {@link #PREFIX} and {@link #NAMESPACE} separately): libvirt refuses an element that declares the
     * prefix itself, and puts the whole bare subtree into the namespace.
     */
    public static String toBareXml(InstanceSpec spec) {
        return build(spec, "").render();
    }

    private static XmlElement build(InstanceSpec spec, String p) {
        XmlElement root = new XmlElement(p + ELEMENT);
        root.child(p + "id").attr("deployment", spec.id().deployment()).attr("role", spec.id().role())
                .attr("index", spec.id().index());
        root.child(p + "size").attr("name", spec.vmSize()).attr("vcpus", spec.vcpus())
                .attr("requestedMemoryMiB", spec.requestedMemoryMiB()).attr("memoryMiB", spec.memoryMiB());
        root.child(p + "image").attr("name", spec.image().name()).attr("sha256", spec.image().sha256())
                .attr("kind", spec.image().kind().name().toLowerCase(Locale.ROOT));
        root.child(p + "network").attr("address", spec.network().address()).attr("mac", spec.network().mac())
                .attr("tap", spec.network().tap());
        root.child(p + "settings").attr("sha256", spec.settingsSha256());
        XmlElement endpoints = root.child(p + "endpoints");
        for (Endpoint e : spec.endpoints()) {
            endpoints.add(endpoint(e, p));
        }
        return root;
    }

    private static XmlElement endpoint(Endpoint endpoint, String p) {
        if (endpoint instanceof Endpoint.Input e) {
            return acl(new XmlElement(p + "input").attr("name", e.name())
                    .attr("transport", lower(e.transport())).attr("publicPort", e.publicPort())
                    .attr("localPort", e.localPort()), e.acl(), p);
        }
        if (endpoint instanceof Endpoint.InstanceInput e) {
            return acl(new XmlElement(p + "instanceInput").attr("name", e.name())
                    .attr("transport", lower(e.transport())).attr("localPort", e.localPort())
                    .attr("publicMin", e.publicPorts().min()).attr("publicMax", e.publicPorts().max()), e.acl(), p);
        }
        Endpoint.Internal e = (Endpoint.Internal) endpoint;
        XmlElement x = new XmlElement(p + "internal").attr("name", e.name())
                .attr("transport", lower(e.transport())).attr("portMin", e.ports().min())
                .attr("portMax", e.ports().max());
        e.allowedFromRoles().stream().sorted().forEach(r -> x.child(p + "allowedFrom").attr("role", r));
        return x;
    }

    private static XmlElement acl(XmlElement x, List<AclRule> rules, String p) {
        for (AclRule r : rules) {
            x.child(p + "acl").attr("order", r.order()).attr("action", lower(r.action()))
                    .attr("remoteSubnet", r.remoteSubnet());
        }
        return x;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads the spec from a whole domain XML document (virDomainGetXMLDesc, {@code virsh dumpxml}).
     * Empty when the domain holds no Fabric instance element in its metadata (a domain that is not Fabric's).
     *
     * @throws InvalidMetadataException when the element is there but unreadable (names what is wrong)
     */
    public static Optional<InstanceSpec> fromDomainXml(String domainXml) {
        Document doc = SafeDom.parse(domainXml);
        NodeList found = doc.getElementsByTagNameNS(NAMESPACE, ELEMENT);
        if (found.getLength() == 0) {
            return Optional.empty();
        }
        return Optional.of(readChecked((Element) found.item(0)));
    }

    /**
     * Reads the spec from the element virDomainGetMetadata returns for {@link #NAMESPACE}. libvirt
     * hands it back without prefix and without namespace declaration ({@code <instance><id .../>...}),
     * so here the element is accepted in Fabric's namespace or in none.
     *
     * @throws InvalidMetadataException when it is not a readable Fabric instance element
     */
    public static InstanceSpec fromMetadataElement(String elementXml) {
        Element root = SafeDom.parse(elementXml).getDocumentElement();
        String ns = root.getNamespaceURI();
        if (!ELEMENT.equals(root.getLocalName()) || !(ns == null || NAMESPACE.equals(ns))) {
            throw new InvalidMetadataException("expected Fabric's <" + ELEMENT + "> metadata element, found <"
                    + root.getTagName() + ">" + (ns == null ? "" : " in namespace " + ns));
        }
        return readChecked(root);
    }

    private static InstanceSpec readChecked(Element root) {
        try {
            return read(root);
        } catch (IllegalArgumentException e) {
            throw new InvalidMetadataException("Fabric instance metadata (" + NAMESPACE + ") is unreadable: " + e.getMessage());
        }
    }

    private static InstanceSpec read(Element root) {
        Element id = one(root, "id");
        InstanceId instance = new InstanceId(attr(id, "deployment"), attr(id, "role"), integer(id, "index"));
        Element size = one(root, "size");
        Element image = one(root, "image");
        Element net = one(root, "network");
        Assignment assignment = new Assignment(instance, Ipv4Address.parse(attr(net, "address")),
                new MacAddress(attr(net, "mac")), attr(net, "tap"));
        List<Endpoint> endpoints = new ArrayList<>();
        for (Element e : children(one(root, "endpoints"))) {
            endpoints.add(readEndpoint(e));
        }
        return new InstanceSpec(instance, attr(size, "name"), integer(size, "vcpus"),
                longValue(size, "requestedMemoryMiB"), longValue(size, "memoryMiB"),
                new ImageRef(attr(image, "name"), attr(image, "sha256"), kind(attr(image, "kind"))),
                assignment, endpoints, attr(one(root, "settings"), "sha256"));
    }

    private static Endpoint readEndpoint(Element e) {
        String name = attr(e, "name");
        Transport transport = transport(attr(e, "transport"));
        return switch (e.getLocalName()) {
            case "input" -> new Endpoint.Input(name, transport, integer(e, "publicPort"), integer(e, "localPort"), acl(e));
            case "instanceInput" -> new Endpoint.InstanceInput(name, transport, integer(e, "localPort"),
                    new PortRange(integer(e, "publicMin"), integer(e, "publicMax")), acl(e));
            case "internal" -> {
                Set<String> roles = new LinkedHashSet<>();
                for (Element r : children(e)) {
                    roles.add(attr(r, "role"));
                }
                yield new Endpoint.Internal(name, transport, new PortRange(integer(e, "portMin"), integer(e, "portMax")), roles);
            }
            default -> throw new IllegalArgumentException("unknown endpoint element <" + e.getLocalName() + ">");
        };
    }

    private static List<AclRule> acl(Element e) {
        List<AclRule> rules = new ArrayList<>();
        for (Element r : children(e)) {
            rules.add(new AclRule(integer(r, "order"), AclRule.Action.valueOf(attr(r, "action").toUpperCase(Locale.ROOT)),
                    attr(r, "remoteSubnet")));
        }
        return rules;
    }

    private static ImageRef.Kind kind(String text) {
        try {
            return ImageRef.Kind.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown image kind '" + text + "'");
        }
    }

    private static Transport transport(String text) {
        try {
            return Transport.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown transport '" + text + "'");
        }
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            // Children share the root's namespace: Fabric's, or none when read back through the metadata API.
            if (n instanceof Element child && java.util.Objects.equals(parent.getNamespaceURI(), child.getNamespaceURI())) {
                out.add(child);
            }
        }
        return out;
    }

    private static Element one(Element parent, String localName) {
        List<Element> matches = children(parent).stream().filter(c -> c.getLocalName().equals(localName)).toList();
        if (matches.size() != 1) {
            throw new IllegalArgumentException("expected one <" + localName + "> in <" + parent.getLocalName()
                    + ">, found " + matches.size());
        }
        return matches.get(0);
    }

    private static String attr(Element e, String name) {
        if (!e.hasAttribute(name)) {
            throw new IllegalArgumentException("<" + e.getLocalName() + "> lacks attribute " + name);
        }
        return e.getAttribute(name);
    }

    private static int integer(Element e, String name) {
        return (int) longValue(e, name);
    }

    private static long longValue(Element e, String name) {
        String v = attr(e, name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("<" + e.getLocalName() + " " + name + "=\"" + v + "\"> is not a number");
        }
    }
}
