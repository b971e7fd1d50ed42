package dev.fabric.agent.libvirt;

import dev.fabric.agent.xml.SafeDom;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.util.Set;
import java.util.TreeSet;

/** What libvirt's capabilities XML offers for x86_64 hvm guests. Pure. */
public record HostCapabilities(Set<String> domainTypes) {
    public HostCapabilities {
        domainTypes = Set.copyOf(domainTypes);
    }

    public static HostCapabilities parse(String capabilitiesXml) {
        Set<String> types = new TreeSet<>();
        NodeList guests = SafeDom.parse(capabilitiesXml).getElementsByTagName("guest");
        for (int i = 0; i < guests.getLength(); i++) {
            Element guest = (Element) guests.item(i);
            Element osType = child(guest, "os_type");
            Element arch = child(guest, "arch");
            if (osType == null || arch == null || !"hvm".equals(osType.getTextContent().trim())
                    || !"x86_64".equals(arch.getAttribute("name"))) {
                continue;
            }
            NodeList domains = arch.getElementsByTagName("domain");
            for (int j = 0; j < domains.getLength(); j++) {
                types.add(((Element) domains.item(j)).getAttribute("type"));
            }
        }
        return new HostCapabilities(types);
    }

    public boolean offers(String domainType) {
        return domainTypes.contains(domainType);
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
