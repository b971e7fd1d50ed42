package dev.fabric.servicedef.size;

import dev.fabric.servicedef.Diagnostic;
import dev.fabric.servicedef.model.VmSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class VmSizeCatalogTest {
    @TempDir
    Path dir;

    @Test
    void builtInSizesMatchTheDocumentedTable() {
        VmSizeCatalog c = VmSizeCatalog.builtIn();

        assertThat(c.find("ExtraSmall")).contains(new VmSize("ExtraSmall", 1, 768));
        assertThat(c.find("Small")).contains(new VmSize("Small", 1, 1792));
        assertThat(c.find("A7")).contains(new VmSize("A7", 8, 57344));
        assertThat(c.find("Standard_D14")).contains(new VmSize("Standard_D14", 16, 114688));
        assertThat(c.find("Standard_D5_v2")).contains(new VmSize("Standard_D5_v2", 16, 57344));
        assertThat(c.sizes()).hasSize(25);
    }

    @Test
    void namesMatchIgnoringCaseAndKeepTheirCanonicalSpelling() {
        assertThat(VmSizeCatalog.builtIn().find("small")).map(VmSize::name).contains("Small");
        assertThat(VmSizeCatalog.builtIn().find("Standard_Z1")).isEmpty();
    }

    @Test
    void userFileAddsAndOverridesSizes() throws IOException {
        Path f = Files.writeString(dir.resolve("sizes.conf"), """
                # lab sizes
                Lab_Tiny   1  512   # a comment after a size

                Small 1 1024
                """);

        VmSizeCatalog c = VmSizeCatalog.withFile(f);

        assertThat(c.diagnostics()).isEmpty();
        assertThat(c.find("lab_tiny")).contains(new VmSize("Lab_Tiny", 1, 512));
        assertThat(c.find("Small")).contains(new VmSize("Small", 1, 1024));
        assertThat(c.describeSources()).contains("more sizes are defined in " + f);
    }

    @Test
    void badLinesAreErrorsWithFileAndLine() throws IOException {
        Path f = Files.writeString(dir.resolve("sizes.conf"), "Ok 1 512\n  Two 1\n3bad 1 1\nZero 0 512\nMem 1 lots\nOk 2 2\n");

        VmSizeCatalog c = VmSizeCatalog.withFile(f);

        assertThat(c.diagnostics()).extracting(Diagnostic::toString).containsExactly(
                f + ":2:3: error: expected 'name cores memoryMiB' (three fields), found 2",
                f + ":3:1: error: '3bad' is not a size name (letters, digits, _ . -, starting with a letter)",
                f + ":4:1: error: cores '0' of size Zero is not a whole number from 1 to 1024",
                f + ":5:1: error: memoryMiB 'lots' of size Mem is not a whole number of MiB from 1 to 16777216",
                f + ":6:1: error: size Ok is already defined on line 1");
        assertThat(c.find("Ok")).contains(new VmSize("Ok", 1, 512));
    }

    @Test
    void missingUserFileIsAnError() {
        Path f = dir.resolve("absent.conf");

        assertThat(VmSizeCatalog.withFile(f).diagnostics()).singleElement()
                .satisfies(d -> assertThat(d.toString()).startsWith(f + ":1:1: error: VM sizes file does not exist"));
    }
}
