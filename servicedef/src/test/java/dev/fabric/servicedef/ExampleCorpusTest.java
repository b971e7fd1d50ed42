package dev.fabric.servicedef;

import dev.fabric.servicedef.model.Endpoint;
import dev.fabric.servicedef.model.Role;
import dev.fabric.servicedef.model.Service;
import dev.fabric.servicedef.size.VmSizeCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every case of examples/invalid (the errors must match expected-errors.txt line for line)
 * and every valid example (no errors). Paths are relative to this module, so printed file names
 * are the repository-relative names in expected-errors.txt with "../" in front.
 */
class ExampleCorpusTest {
    private static final Path EXAMPLES = Path.of("../examples");

    static Stream<Path> invalidCases() throws IOException {
        try (Stream<Path> dirs = Files.list(EXAMPLES.resolve("invalid"))) {
            return dirs.filter(Files::isDirectory).sorted().toList().stream();
        }
    }

    static Stream<Path> validExamples() throws IOException {
        try (Stream<Path> dirs = Files.list(EXAMPLES)) {
            return dirs.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().equals("invalid"))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCases")
    void invalidCasePrintsExactlyTheExpectedErrors(Path dir) throws IOException {
        List<String> expected = Files.readAllLines(dir.resolve("expected-errors.txt")).stream()
                .map(line -> "../" + line)
                .toList();
        assertThat(expected).as("a case without expected errors proves nothing").isNotEmpty();

        Validation v = load(dir);

        assertThat(v.hasErrors()).isTrue();
        assertThat(v.service()).isEmpty();
        assertThat(v.errors()).extracting(Diagnostic::toString).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validExamples")
    void validExampleHasNoErrors(Path dir) throws IOException {
        Validation v = load(dir);

        assertThat(v.errors()).isEmpty();
        assertThat(v.service()).isPresent();
        assertThat(v.service().get().roles()).isNotEmpty();
    }

    @Test
    void webfarmResolvesToTheDeclaredPortsAndCounts() {
        Validation v = ServiceDefinitions.load(EXAMPLES.resolve("webfarm/ServiceDefinition.csdef"),
                EXAMPLES.resolve("webfarm/ServiceConfiguration.cscfg"), VmSizeCatalog.builtIn());

        Service s = v.service().orElseThrow();
        assertThat(v.diagnostics()).isEmpty();
        Role web = s.role("WebRole").orElseThrow();
        Role worker = s.role("WorkerRole").orElseThrow();
        assertThat(web.instanceCount()).isEqualTo(2);
        assertThat(worker.instanceCount()).isEqualTo(1);
        assertThat(web.endpoints()).containsExactly(
                new Endpoint.Input("HttpIn", dev.fabric.servicedef.model.Transport.TCP, 80, 8080, List.of()));
        assertThat(worker.endpoints()).singleElement().isInstanceOfSatisfying(Endpoint.Internal.class, e -> {
            assertThat(e.ports().min()).isEqualTo(9000);
            assertThat(e.ports().max()).isEqualTo(9000);
            assertThat(e.allowedFromRoles()).containsExactlyInAnyOrder("WebRole", "WorkerRole");
        });
        assertThat(web.settings()).containsEntry("BackendPort", "9000");
    }

    /** Same argument rules as examples/invalid/check.sh. */
    private static Validation load(Path dir) throws IOException {
        Path csdef;
        Path cscfg = null;
        Path args = dir.resolve("args.txt");
        if (Files.exists(args)) {
            String[] parts = Files.readString(args).trim().split("\\s+");
            csdef = dir.resolve(parts[0]);
            for (int i = 1; i < parts.length; i++) {
                if (parts[i].equals("--config")) {
                    cscfg = dir.resolve(parts[++i]);
                }
            }
        } else {
            csdef = dir.resolve("ServiceDefinition.csdef");
            try (Stream<Path> files = Files.list(dir)) {
                cscfg = files.filter(f -> f.toString().endsWith(".cscfg")).sorted().findFirst().orElse(null);
            }
        }
        Path sizes = dir.resolve("vm-sizes.conf");
        VmSizeCatalog catalog = Files.exists(sizes) ? VmSizeCatalog.withFile(sizes) : VmSizeCatalog.builtIn();
        return ServiceDefinitions.load(csdef, cscfg, catalog);
    }
}
