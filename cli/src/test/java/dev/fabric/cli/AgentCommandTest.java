package dev.fabric.cli;

import dev.fabric.nativelib.libc.NetnsThread;
import dev.fabric.nativelib.nftables.Nftables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

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

    private final String ns = "fabric-cli-agent-" + ProcessHandle.current().pid();
    private final String name = "cli" + ProcessHandle.current().pid();
    private final String pool = "fabric-cli-" + ProcessHandle.current().pid();
    private NetnsThread netns;
    private Connect keepAlive;
    private Path settings;
    private Path kernelDir;

    private static void run(String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @BeforeEach
    void setUp() throws Exception {
        run("ip", "netns", "del", ns);
        run("ip", "netns", "add", ns);
        netns = NetnsThread.join(ns);
        keepAlive = new Connect("test:///default");
        kernelDir = TestDriverDeployments.registerTinyImage(tmp);
        settings = writeSettings("2048");
    }

    private Path writeSettings(String guestMiB) throws IOException {
        return Files.writeString(tmp.resolve("agent-" + guestMiB + ".conf"), String.join("\n",
                "# the agent of this test",
                "libvirt.uri = test:///default",
                "memory.guest-mib = " + guestMiB,
                "image.store = " + tmp.resolve("images"),
                "pool.name = " + pool,
                "pool.path = " + tmp.resolve("instances"),
                "state.dir = " + tmp.resolve("state"), ""));
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            TestDriverDeployments.removeAll(keepAlive, name, pool);
            keepAlive.close();
        } finally {
            netns.close();
            run("ip", "netns", "del", ns);
        }
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
    void applyStatusApplyAgainRemove() {
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
        assertThat(json.out()).contains("\"name\": \"" + name + "\"").contains("\"address\": \"10.213.0.12\"")
                .contains("\"state\": \"running\"").contains("\"endpoints\": [").contains("input tcp");

        CliRun again = agent("apply", CSDEF, "--config", CSCFG, "--name", name);
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).isEqualTo("deployment " + name + " is unchanged: 3 instances already run as defined; nothing to do\n");

        try {
            keepAlive.domainLookupByName("fabric." + name + ".WorkerRole.0").destroy(); // behind the agent's back
        } catch (org.libvirt.LibvirtException e) {
            throw new AssertionError(e);
        }
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
        settings = writeSettings("64");
        CliRun big = agent("apply", CSDEF, "--config", CSCFG, "--name", name);
        assertThat(big.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(big.err()).startsWith("fabric: error: ").contains("more than the 64 MiB").contains("nothing applied")
                .doesNotContain("Exception").hasLineCount(1);

        settings = writeSettings("2048");
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
