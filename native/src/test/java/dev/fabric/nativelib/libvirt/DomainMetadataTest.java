package dev.fabric.nativelib.libvirt;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.ErrorCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real libvirt (the test driver, no daemon): metadata and state calls through JNA. */
class DomainMetadataTest {
    private static final String NS = "https://example.test/xmlns/probe/1";
    // Held in a field: JNA callbacks must stay reachable or the JVM crashes when libvirt calls them.
    private static final ErrorCallback QUIET = new ErrorCallback();

    private Connect conn;
    private Domain domain;

    @BeforeAll
    static void quiet() throws Exception {
        Connect.setErrorCallback(QUIET);
    }

    @BeforeEach
    void define() throws Exception {
        conn = new Connect("test:///default");
        String name = "native-md-" + UUID.randomUUID();
        domain = conn.domainDefineXML("<domain type='test'><name>" + name
                + "</name><memory>1024</memory><os><type>hvm</type></os></domain>");
    }

    @AfterEach
    void undefine() throws Exception {
        if (domain.isActive() == 1) {
            domain.destroy();
        }
        domain.undefine();
        conn.close();
    }

    @Test
    void absentMetadataIsEmpty() {
        assertThat(DomainMetadata.get(domain, NS, DomainMetadata.AFFECT_CURRENT)).isEmpty();
    }

    @Test
    void setThenGetReturnsTheBareElement() throws Exception {
        DomainMetadata.set(domain, "<probe><item a=\"1\"/></probe>", "pr", NS, DomainMetadata.AFFECT_CONFIG);

        String back = DomainMetadata.get(domain, NS, DomainMetadata.AFFECT_CURRENT).orElseThrow();
        assertThat(back.replaceAll("\\s+", "")).isEqualTo("<probe><itema=\"1\"/></probe>");
        // In the domain XML the whole subtree is in the namespace under the given prefix.
        assertThat(domain.getXMLDesc(0)).contains("<pr:probe xmlns:pr=\"" + NS + "\">").contains("<pr:item a=\"1\"/>");
    }

    @Test
    void nullRemovesTheElement() {
        DomainMetadata.set(domain, "<probe/>", "pr", NS, DomainMetadata.AFFECT_CONFIG);
        DomainMetadata.set(domain, null, null, NS, DomainMetadata.AFFECT_CONFIG);
        assertThat(DomainMetadata.get(domain, NS, DomainMetadata.AFFECT_CURRENT)).isEmpty();
    }

    @Test
    void anElementThatDeclaresItsOwnPrefixIsRefusedWithLibvirtsMessage() throws Exception {
        String name = domain.getName();
        assertThatThrownBy(() -> DomainMetadata.set(domain, "<pr:probe xmlns:pr=\"" + NS + "\"/>", "pr", NS,
                DomainMetadata.AFFECT_CONFIG))
                .isInstanceOf(LibvirtCallException.class)
                .hasMessageContaining("virDomainSetMetadata")
                .hasMessageContaining(name);
    }

    @Test
    void liveMetadataOnAnInactiveDomainIsAnErrorWithItsCode() {
        assertThatThrownBy(() -> DomainMetadata.set(domain, "<probe/>", "pr", NS, DomainMetadata.AFFECT_LIVE))
                .isInstanceOfSatisfying(LibvirtCallException.class, e -> assertThat(e.code()).isPositive());
    }

    @Test
    void stateAndReasonFollowTheLifecycle() throws Exception {
        assertThat(DomainStateReason.of(domain).state()).isEqualTo(5); // shut off
        domain.create();
        assertThat(DomainStateReason.of(domain)).isEqualTo(new DomainStateReason(1, 1)); // running, booted
        domain.destroy();
        assertThat(DomainStateReason.of(domain)).isEqualTo(new DomainStateReason(5, 2)); // shut off, destroyed
    }
}
