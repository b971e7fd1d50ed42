package dev.fabric.agent;

import dev.fabric.agent.xml.SafeDom;
import dev.fabric.agent.xml.XmlElement;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XmlElementTest {
    @Test
    void escapesAndRoundTripsThroughTheParser() {
        XmlElement e = new XmlElement("a").attr("v", "x\"<&>'\n\ty");
        e.textChild("b", "1 < 2 & 3");

        String xml = e.render();

        assertThat(xml).isEqualTo("<a v=\"x&quot;&lt;&amp;&gt;&apos;&#10;&#9;y\">\n  <b>1 &lt; 2 &amp; 3</b>\n</a>\n");
        var root = SafeDom.parse(xml).getDocumentElement();
        assertThat(root.getAttribute("v")).isEqualTo("x\"<&>'\n\ty");
        assertThat(root.getTextContent().trim()).isEqualTo("1 < 2 & 3");
    }

    @Test
    void controlCharactersAndMixedContentAreRefused() {
        assertThatThrownBy(() -> new XmlElement("a").attr("v", "\u0001").render()).hasMessageContaining("U+0001");
        assertThatThrownBy(() -> new XmlElement("a").text("t").child("b")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theParserRefusesDoctypes() {
        assertThatThrownBy(() -> SafeDom.parse("<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>"))
                .hasMessageContaining("not well-formed XML");
    }
}
