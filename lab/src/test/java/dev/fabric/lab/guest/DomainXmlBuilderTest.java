package dev.fabric.lab.guest;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DomainXmlBuilderTest {

    @Test
    void bridgeNicWithMacAndTapAndDirectKernelBoot() throws Exception {
        String xml = new DomainXmlBuilder().name("fabric-webfarm-0").kernel(Path.of("/img/vmlinuz"))
                .initrd(Path.of("/img/initrd.img")).cmdline("console=ttyS0 fabric.name=a&b")
                .nic("52:54:00:d5:00:0a", "fabbr0", "fab-0").consoleLog(Path.of("/var/log/c.log")).build();

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element root = doc.getDocumentElement();
        assertThat(root.getAttribute("type")).isEqualTo("qemu");
        assertThat(text(doc, "name")).isEqualTo("fabric-webfarm-0");
        assertThat(text(doc, "cmdline")).isEqualTo("console=ttyS0 fabric.name=a&b");
        Element nic = (Element) doc.getElementsByTagName("interface").item(0);
        assertThat(nic.getAttribute("type")).isEqualTo("bridge");
        assertThat(attr(nic, "mac", "address")).isEqualTo("52:54:00:d5:00:0a");
        assertThat(attr(nic, "source", "bridge")).isEqualTo("fabbr0");
        assertThat(attr(nic, "target", "dev")).isEqualTo("fab-0");
        assertThat(attr(nic, "model", "type")).isEqualTo("virtio");
    }

    private static String text(Document doc, String tag) {
        return doc.getElementsByTagName(tag).item(0).getTextContent();
    }

    private static String attr(Element parent, String tag, String attribute) {
        return ((Element) parent.getElementsByTagName(tag).item(0)).getAttribute(attribute);
    }
}
