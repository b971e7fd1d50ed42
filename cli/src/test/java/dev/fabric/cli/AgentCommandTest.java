package dev.fabric.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fabric.agent.run.TestDriverHost;
import dev.fabric.nativelib.libc.NetnsThread;
import dev.fabric.nativelib.nftables.Nftables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fabric agent apply / status / apply again / remove} in this JVM on libvirt's test driver, with
 * the real host firewall: the commands run on a thread inside a throwaway network namespace, so the
 * libnftables context they open (on first use, on that thread) changes only that namespace. The test
 * driver keeps its state only while a connection lives (decision 0511): the test holds one open.
 */
class AgentCommandTest {
    private static final String CSDEF = "../examples/webfarm/ServiceDefinition.csdef";
    private static final String CSCFG = "../examples/webfarm/ServiceConfiguration.cscfg";

    @TempDir
    Path tmp;

    private TestDriverHost host;
    private String name;
    private NetnsThread netns;
    private Connect keepAlive;
    private Path settings;
    private Path kernelDir;

    @BeforeEach
    void setUp() throws Exception {
        host = TestDriverHost.create(tmp, "cli-agent");
        name = host.deployment();
        netns = host.netns();
        keepAlive = host.connection();
        kernelDir = host.kernelDir();
        CliRun add = CliRun.of("image", "add-kernel", TestDriverHost.IMAGE, kernelDir.toString(), "--store",
                host.imageStore().toString(), "--reference");
        assertThat(add.exit()).as(add.err()).isZero();
        settings = host.settingsFile(2048);
    }

    @AfterEach
    void tearDown() throws Exception {
        host.close();
    }

    private CliRun agent(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "agent";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--settings";
        all[args.length + 2] = settings.toString();
        return netns.call(() -> CliRun.of(all));
    }

    private String ruleset() {
        return netns.call(() -> {
            try (Nftables nft = Nftables.open()) {
                return nft.run("list ruleset");
            }
        });
    }

    @Test
    void helpListsEverySettingsKeyWithItsDefault() {
        CliRun run = CliRun.of("agent", "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Settings file keys (default):");
        dev.fabric.agent.run.AgentSettingsFile.DEFAULTS.forEach((key, value) ->
                assertThat(run.out()).containsPattern("(?m)^  " + java.util.regex.Pattern.quote(key) + " +"
                        + java.util.regex.Pattern.quote(value) + "$"));
    }

    @Test
    void applyStatusApplyAgainRemove() throws Exception {
        CliRun apply = agent("apply", CSDEF, "--config", CSCFG, "--name", name);
        assertThat(apply.exit()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("applying deployment " + name + " (3 instances)")
                .contains(name + ".WebRole.0  10.213.0.10 running").contains(name + ".WorkerRole.0  10.213.0.12 running")
                .contains("deployment " + name + ": 3 instances running");
        assertThat(ruleset()).contains("table inet fabric").contains("10.213.0.10");

        CliRun status = agent("status");
        assertThat(status.exit()).isZero();
        assertThat(status.out()).contains("deployment " + name + ": 3 instances").contains("WebRole.1")
                .contains("10.213.0.11").contains("restarts 0");
        CliRun json = agent("status", "--json");
        assertThat(json.exit()).isZero();
        JsonNode deployment = null;
        for (JsonNode d : new ObjectMapper().readTree(json.out()).get("deployments")) {
            if (d.get("name").asText().equals(name)) {
                deployment = d;
            }
        }
        assertThat(deployment).as(json.out()).isNotNull();
        assertThat(deployment.get("stored").asBoolean()).isTrue();
        JsonNode web0 = deployment.at("/instances/0");
        assertThat(web0.get("id").asText()).isEqualTo(name + ".WebRole.0");
        assertThat(web0.get("address").asText()).isEqualTo("10.213.0.10");
        assertThat(web0.get("state").asText()).isEqualTo("running");
        assertThat(web0.get("restarts").asInt()).isZero();
        assertThat(web0.get("lastFailure").isNull()).isTrue();
        assertThat(web0.at("/endpoints/0").toString()).isEqualTo("{\"name\":\"HttpIn\",\"kind\":\"input\",\"protocol\":\"tcp\","
                + "\"localPort\":8080,\"localPorts\":{\"min\":8080,\"max\":8080},\"publicPort\":80,\"acl\":[],"
                + "\"text\":\"HttpIn input tcp 80->8080\"}");
        JsonNode worker = deployment.at("/instances/2");
        assertThat(worker.get("address").asText()).isEqualTo("10.213.0.12");
        assertThat(worker.at("/endpoints/0/kind").asText()).isEqualTo("internal");
        assertThat(worker.at("/endpoints/0/localPort").asInt()).isEqualTo(9000);
        assertThat(worker.at("/endpoints/0/allowedFromRoles").toString()).isEqualTo("[\"WebRole\",\"WorkerRole\"]");
        assertThat(worker.at("/endpoints/0").has("publicPort")).isFalse();

        CliRun again = agent("apply", CSDEF, "--config", CSCFG, "--name", name);
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).isEqualTo("deployment " + name + " is unchanged: 3 instances already run as defined; nothing to do\n");

        host.destroyBehindTheAgentsBack("fabric." + name + ".WorkerRole.0");
        CliRun repair = agent("apply", CSDEF, "--config", CSCFG, "--name", name);
        assertThat(repair.exit()).as(repair.err()).isZero();
        assertThat(repair.out()).contains("is unchanged, but not all its instances run as defined; reconciling")
                .contains(name + ".WorkerRole.0  10.213.0.12 running").contains("3 instances running");

        CliRun remove = agent("remove", name);
        assertThat(remove.exit()).as(remove.err()).isZero();
        assertThat(remove.out()).contains(name + ".WebRole.0  removed").contains("no domain, volume, rule or stored file left");
        assertThat(agent("status").out()).doesNotContain(name);
        assertThat(ruleset()).contains("table inet fabric").doesNotContain("10.213.0.10");
        assertThat(tmp.resolve("instances").toFile().list()).isEmpty();
        assertThat(tmp.resolve("state/deployments").toFile().list()).isEmpty();

        CliRun unknown = agent("remove", name);
        assertThat(unknown.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(unknown.err()).startsWith("fabric: error: no deployment " + name);
    }

    @Test
    void badInputIsOneLineExitTwoAndNothingIsCreated() throws Exception {
        settings = host.settingsFile(64);
        CliRun big = agent("apply", CSDEF, "--config", CSCFG, "--name", name);
        assertThat(big.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(big.err()).startsWith("fabric: error: ").contains("more than the 64 MiB").contains("nothing applied")
                .doesNotContain("Exception").hasLineCount(1);

        settings = host.settingsFile(2048);
        Files.writeString(kernelDir.resolve("initrd.img"), "tampered", StandardOpenOption.APPEND);
        CliRun tampered = agent("apply", CSDEF, "--config", CSCFG, "--name", name);
        assertThat(tampered.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(tampered.err()).startsWith("fabric: error: ").contains("initrd.img").hasLineCount(1);

        CliRun missing = agent("apply", "no-such.csdef", "--config", CSCFG);
        assertThat(missing.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(missing.err()).isEqualTo("fabric: error: cannot read no-such.csdef (no such file or not readable)\n");

        assertThat(ruleset()).doesNotContain("table inet fabric");
        assertThat(Files.exists(tmp.resolve("state/deployments")) ? tmp.resolve("state/deployments").toFile().list() : new String[0])
                .isEmpty();
        assertThat(keepAlive.listDefinedDomains()).noneMatch(d -> d.startsWith("fabric." + name));
    }

    @Test
    void helpTellsWhatEachCommandDoes() {
        CliRun help = CliRun.of("agent", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("apply", "status", "remove", "run", "--settings");
        assertThat(CliRun.of("agent", "apply", "--help").out()).contains("--config", "--name", "unchanged");
        assertThat(CliRun.of("agent", "run", "--help").out()).contains("SIGTERM", "lifecycle event", "--tick");
    }
}
