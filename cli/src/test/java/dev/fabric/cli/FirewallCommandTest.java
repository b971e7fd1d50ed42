package dev.fabric.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Option handling of `fabric firewall` that needs neither a parsed definition nor root. */
class FirewallCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void aSubnetWithHostBitsIsBadInputWithAHint(@TempDir Path dir) throws Exception {
        Path csdef = Files.writeString(dir.resolve("a.csdef"), "<ServiceDefinition/>");
        assertThat(run("firewall", "compile", csdef.toString(), "--subnet", "10.213.0.5/24")).isEqualTo(2);
        assertThat(err.toString()).contains("10.213.0.5/24 has host bits set (did you mean 10.213.0.0/24?)");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aMissingConfigurationFileIsNamed(@TempDir Path dir) throws Exception {
        Path csdef = Files.writeString(dir.resolve("a.csdef"), "<ServiceDefinition/>");
        assertThat(run("firewall", "apply", csdef.toString(), "--config", dir.resolve("nope.cscfg").toString(),
                "--subnet", "10.213.0.0/24")).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read " + dir.resolve("nope.cscfg"));
    }

    @Test
    void theSubnetIsRequired() {
        assertThat(run("firewall", "compile", "x.csdef")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--subnet=CIDR'");
    }

    @Test
    void helpNamesTheSamplePlacementAndTheTables() {
        assertThat(run("firewall", "compile", "--help")).isZero();
        assertThat(out.toString()).contains("network+10+k", "fab-k", "--host-address", "accepts it");
        out.getBuffer().setLength(0);
        assertThat(run("firewall", "--help")).isZero();
        assertThat(out.toString()).contains("compile", "apply", "clear", "inet fabric", "bridge fabric");
    }
}
