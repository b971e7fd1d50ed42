package dev.fabric.cli;

import dev.fabric.nativelib.nftables.Nftables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example under examples/ compiles with {@code fabric firewall compile} and nftables' own
 * check (a libnftables dry run, what {@code nft -c -f -} does) accepts the output.
 */
class ExampleRulesetsTest {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static Nftables nft;

    @BeforeAll
    static void openNftables() {
        nft = Nftables.open();
    }

    @AfterAll
    static void closeNftables() {
        nft.close();
    }

    static List<Path> examples() throws IOException {
        try (Stream<Path> dirs = Files.list(EXAMPLES)) {
            List<Path> found = dirs.filter(d -> !d.getFileName().toString().equals("invalid"))
                    .filter(d -> Files.exists(d.resolve("ServiceDefinition.csdef")))
                    .sorted().toList();
            assertThat(found).as("examples with a ServiceDefinition.csdef").hasSizeGreaterThanOrEqualTo(3);
            return found;
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void compiledRulesetPassesNftCheck(Path example) throws IOException {
        Path cscfg;
        try (Stream<Path> files = Files.list(example)) {
            cscfg = files.filter(f -> f.toString().endsWith(".cscfg")).sorted().findFirst().orElseThrow();
        }

        CliRun run = CliRun.of("firewall", "compile", example.resolve("ServiceDefinition.csdef").toString(),
                "--config", cscfg.toString(), "--subnet", "10.213.0.0/24");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("table inet fabric {", "table bridge fabric {");
        nft.check(run.out()); // throws with nft's message when it refuses the ruleset
    }
}
