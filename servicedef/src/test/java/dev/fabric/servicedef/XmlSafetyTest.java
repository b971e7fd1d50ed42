package dev.fabric.servicedef;

import dev.fabric.servicedef.xml.SafeXmlReader;
import dev.fabric.servicedef.xml.XmlProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XmlSafetyTest {
    @TempDir
    Path dir;

    @Test
    void doctypeWithExternalEntityIsRefusedWithoutReadingTheEntity() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-CONTENT");
        Path csdef = Files.writeString(dir.resolve("x.csdef"), "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE ServiceDefinition [<!ENTITY s SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<ServiceDefinition name=\"&s;\" xmlns=\"" + Xml.DEF_NS + "\"><WebRole name=\"W\"/></ServiceDefinition>");

        Validation v = ServiceDefinitions.load(csdef, null);

        assertThat(v.service()).isEmpty();
        assertThat(v.errors()).singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(2);
            assertThat(d.column()).isEqualTo(1);
            assertThat(d.message()).contains("DOCTYPE is not allowed").doesNotContain("TOP-SECRET");
        });
    }

    @Test
    void billionLaughsIsRefusedBeforeAnyExpansion() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            xml.append("<!ENTITY lol").append(i).append(" \"")
                    .append(("&lol" + (i == 1 ? "" : String.valueOf(i - 1)) + ";").repeat(10)).append("\">\n");
        }
        xml.append("]>\n<ServiceDefinition name=\"&lol9;\" xmlns=\"").append(Xml.DEF_NS).append("\"/>");
        Path csdef = new Xml(dir).write("lol.csdef", xml.toString());

        long start = System.nanoTime();
        assertThatThrownBy(() -> new SafeXmlReader().read(csdef))
                .isInstanceOf(XmlProblem.class)
                .hasMessageContaining("DOCTYPE is not allowed");
        // Not a timing assertion on the product: a generous bound that only an expansion would break.
        assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
    }

    @Test
    void entityDeclaredNowhereIsAnErrorNotAnExpansion() {
        Path csdef = new Xml(dir).write("e.csdef",
                "<ServiceDefinition name=\"&undefined;\" xmlns=\"" + Xml.DEF_NS + "\"><WebRole name=\"W\"/></ServiceDefinition>");

        Validation v = ServiceDefinitions.load(csdef, null);

        assertThat(v.errors()).singleElement().satisfies(d -> assertThat(d.message()).startsWith("malformed XML"));
    }

    @Test
    void oversizedFileIsRefusedBeforeParsing() throws IOException {
        Path big = dir.resolve("big.csdef");
        Files.writeString(big, Xml.def("<WebRole name=\"W\"/>") + "<!--" + "x".repeat((int) SafeXmlReader.MAX_BYTES) + "-->");

        Validation v = ServiceDefinitions.load(big, null);

        assertThat(v.errors()).singleElement().satisfies(d -> {
            assertThat(d.toString()).startsWith(big + ":1:1: error: file is ");
            assertThat(d.message()).contains("more than the limit of 4194304 bytes");
        });
    }

    @Test
    void smallLimitIsEnforcedToo() {
        Path f = new Xml(dir).write("f.csdef", Xml.def("<WebRole name=\"W\"/>"));

        assertThatThrownBy(() -> new SafeXmlReader(10).read(f)).isInstanceOf(XmlProblem.class)
                .hasMessageContaining("limit of 10 bytes");
    }

    @Test
    void textThatIsNotUtf8IsRefused() throws IOException {
        Path f = dir.resolve("latin1.csdef");
        Files.write(f, new byte[] {'<', 'a', ' ', 'n', '=', '"', (byte) 0xe9, '"', '/', '>'});

        Validation v = ServiceDefinitions.load(f, null);

        assertThat(v.errors()).singleElement().satisfies(d -> assertThat(d.message()).contains("not valid UTF-8"));
    }

    @Test
    void missingFileIsACleanError() {
        Path missing = dir.resolve("nope.csdef");

        Validation v = ServiceDefinitions.load(missing, null);

        assertThat(v.errors()).extracting(Diagnostic::toString).containsExactly(missing + ":1:1: error: no such file");
    }
}
