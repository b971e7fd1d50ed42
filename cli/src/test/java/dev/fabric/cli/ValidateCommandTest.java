package dev.fabric.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@code fabric validate} through {@link Main#run} and checks exit codes and what people see. */
class ValidateCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    @Test
    void validServicePrintsRolesAndReachabilityAndExitsZero() {
        int code = Main.run("validate", "../examples/webfarm/ServiceDefinition.csdef",
                "--config", "../examples/webfarm/ServiceConfiguration.cscfg");

        assertThat(code).isEqualTo(Main.EXIT_OK);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsSubsequence(
                "service webfarm: 2 roles, 5 upgrade domains, osFamily 6",
                "role WebRole: web role, vmsize Small (1 core, 1792 MiB), 2 instances",
                "  InputEndpoint HttpIn tcp public 80 -> local 8080, from anywhere",
                "role WorkerRole: worker role, vmsize Small (1 core, 1792 MiB), 1 instance",
                "  InternalEndpoint Work tcp 9000, from roles: WebRole, WorkerRole",
                "ignored: Sites (role WebRole)");
    }

    @Test
    void withoutConfigurationTheSummarySaysSo() {
        int code = Main.run("validate", "../examples/webfarm/ServiceDefinition.csdef");

        assertThat(code).isEqualTo(Main.EXIT_OK);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("no configuration given: one instance per role, no setting values")
                .contains("role WebRole: web role, vmsize Small (1 core, 1792 MiB), 1 instance\n");
    }

    @Test
    void invalidServicePrintsExactlyTheExpectedErrorsAndExitsTwo() throws Exception {
        Path dir = Path.of("../examples/invalid/public-port-conflict");
        List<String> expected = Files.readAllLines(dir.resolve("expected-errors.txt")).stream().map(l -> "../" + l).toList();

        int code = Main.run("validate", dir.resolve("ServiceDefinition.csdef").toString());

        assertThat(code).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).isEqualTo(expected);
    }

    @Test
    void missingFileIsOneCleanLine() {
        int code = Main.run("validate", "../examples/nowhere/ServiceDefinition.csdef");

        assertThat(code).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("../examples/nowhere/ServiceDefinition.csdef:1:1: error: no such file" + System.lineSeparator());
    }

    @Test
    void warningsGoToStdoutAndDoNotFailValidation() {
        int code = Main.run("validate", "../examples/gameserver/ServiceDefinition.csdef",
                "-c", "../examples/gameserver/ServiceConfiguration.Cloud.cscfg");

        assertThat(code).isEqualTo(Main.EXIT_OK);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("warning: setting 'TickRate' declared for role Contoso.Match Server")
                .contains("InstanceInputEndpoint AdminTcp tcp public 10100-10109 (one per instance) -> local 8080, "
                        + "from: permit 203.0.113.0/24 (order 100), deny 0.0.0.0/0 (order 200); others denied")
                .contains("ignored: Import RemoteForwarder (role Contoso.Lobby.Web; does not open input tcp 3389)");
    }
}
