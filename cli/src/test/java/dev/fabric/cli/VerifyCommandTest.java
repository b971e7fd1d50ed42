package dev.fabric.cli;

import dev.fabric.agent.run.TestDriverHost;
import dev.fabric.nativelib.nftables.Nftables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code fabric verify} against a host emulated in throwaway namespaces ({@link EmulatedHost}): the
 * webfarm deployment is applied by {@code fabric agent apply} on libvirt's test driver, so the domain
 * metadata and the real firewall (libnftables, in the host namespace) are the agent's own; the
 * instances are namespaces behind veths named like the agent's taps, listening on their declared
 * port, on the worker's internal port 9000 and on an undeclared 2222. Then the firewall is changed
 * behind the agent's back, once opening a port too many and once dropping a declared one, and the
 * verdict must follow.
 */
class VerifyCommandTest {
    private static final String CSDEF = "../examples/webfarm/ServiceDefinition.csdef";
    private static final String CSCFG = "../examples/webfarm/ServiceConfiguration.cscfg";
    private static final String ACL_CSDEF = "src/test/resources/verify/acl/ServiceDefinition.csdef";
    private static final String ACL_CSCFG = "src/test/resources/verify/acl/ServiceConfiguration.cscfg";
    private static final String PORTS = "1-12000"; // holds every listener; a full range is measured in the user guide

    @TempDir
    Path tmp;

    private TestDriverHost agentHost;
    private EmulatedHost host;
    private String name;
    private Path settings;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Commands.isRoot() && Commands.onPath("ip"), "needs root and iproute2");
        agentHost = TestDriverHost.create(tmp, "vt");
        name = agentHost.deployment();
        host = new EmulatedHost(agentHost.namespace(), agentHost.netns());
        CliRun add = CliRun.of("image", "add-kernel", TestDriverHost.IMAGE, agentHost.kernelDir().toString(), "--store",
                agentHost.imageStore().toString(), "--reference");
        assertThat(add.exit()).as(add.err()).isZero();
        settings = agentHost.settingsFile(2048);
        CliRun apply = inHost("agent", "apply", CSDEF, "--config", CSCFG, "--name", name, "--settings", settings.toString());
        assertThat(apply.exit()).as(apply.out() + apply.err()).isZero();
        host.instance(0, 8080, 9000, 2222); // WebRole.0: HttpIn local port 8080
        host.instance(1, 8080, 9000, 2222); // WebRole.1
        host.instance(2, 9000, 2222);       // WorkerRole.0: internal 9000 only
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (host != null) {
                host.close();
            }
        } finally {
            if (agentHost != null) {
                agentHost.close();
            }
        }
    }

    private CliRun inHost(String... args) {
        return host.host().call(() -> CliRun.of(args));
    }

    private CliRun verify(String... extra) {
        String[] args = new String[extra.length + 7];
        System.arraycopy(new String[] {"verify", "--from", host.outsideNamespace(), "--ports", PORTS, "--settings",
                settings.toString()}, 0, args, 0, 7);
        System.arraycopy(extra, 0, args, 7, extra.length);
        return inHost(args);
    }

    private void nft(String command) {
        host.host().call(() -> {
            try (Nftables nft = Nftables.open()) {
                return nft.run(command);
            }
        });
    }

    private static boolean probeNamespaceExists() {
        return Files.exists(Path.of("/run/netns/fabric-verify-" + ProcessHandle.current().pid()));
    }

    @Test
    void theAgentsFirewallLetsBothVantagePointsReachTheDeclaredPortsOnly() {
        CliRun v = verify();

        assertThat(v.exit()).as(v.out() + v.err()).isZero();
        assertThat(v.out()).contains("from outside: namespace " + host.outsideNamespace() + ", source 10.213.255.2")
                .contains("from bridge: probe 10.213.0.254 on fabbr0")
                .containsPattern(name + "\\.WebRole\\.0 +10\\.213\\.0\\.10 +8080 +8080 +8080 +ok\n")
                .containsPattern(name + "\\.WebRole\\.1 +10\\.213\\.0\\.11 +8080 +8080 +8080 +ok\n")
                .containsPattern(name + "\\.WorkerRole\\.0 +10\\.213\\.0\\.12 +- +- +- +ok\n")
                .contains("public ports on 10.213.255.1 from outside:")
                .contains("80/tcp " + name + ".WebRole HttpIn -> 8080: open, ok")
                .contains("result: ok: every instance answers on exactly its declared ports from outside and bridge");
        assertThat(v.err()).contains("attaching probe 10.213.0.254 to bridge fabbr0").doesNotContain("warning");
        assertThat(probeNamespaceExists()).isFalse();

        CliRun json = verify("--json", name);
        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(json.out()).contains("\"ok\": true").contains("\"id\": \"" + name + ".WorkerRole.0\"")
                .contains("\"declared\": [\n        8080\n      ]").contains("\"source\": \"10.213.0.254\"")
                .contains("\"differences\": []");
    }

    @Test
    void aPortOpenedBehindTheAgentsBackIsExtraFromBothVantagePoints() {
        nft("add element inet fabric ingress_ports { 10.213.0.10 . tcp . 2222 : accept }");

        CliRun v = verify();

        assertThat(v.exit()).as(v.out() + v.err()).isEqualTo(Main.EXIT_CHECK_FAILED);
        assertThat(v.out()).containsPattern(name + "\\.WebRole\\.0 +10\\.213\\.0\\.10 +8080 +2222,8080 +2222,8080 +"
                        + "DIFFERS: outside extra 2222; bridge extra 2222\n")
                .containsPattern(name + "\\.WebRole\\.1 .* ok\n")
                .contains("result: DIFFERS: 1 of 3 instances, 0 of 1 public ports")
                .contains("  " + name + ".WebRole.0 10.213.0.10: outside extra 2222; bridge extra 2222");
        assertThat(probeNamespaceExists()).isFalse();
    }

    @Test
    void aDeclaredPortDroppedBehindTheAgentsBackIsMissing() {
        nft("insert rule inet fabric to_instance ip daddr 10.213.0.11 tcp dport 8080 drop");

        CliRun v = verify("--no-bridge-probe");

        assertThat(v.exit()).as(v.out() + v.err()).isEqualTo(Main.EXIT_CHECK_FAILED);
        assertThat(v.out()).containsPattern(name + "\\.WebRole\\.1 +10\\.213\\.0\\.11 +8080 +- +DIFFERS: outside missing 8080\n")
                .doesNotContain("from bridge");
    }

    @Test
    void theInternalEndpointIsOpenOnlyToTheDeploymentNotToAStrangerOnTheBridge() {
        // The compiled element jumps to the deployment's source group; the probe is in no group and stays out.
        // Made open to everyone, as a rule without the source group would, it must be caught from both sides.
        nft("delete element inet fabric ingress_ports { 10.213.0.12 . tcp . 9000 }");
        nft("add element inet fabric ingress_ports { 10.213.0.12 . tcp . 9000 : accept }");

        CliRun v = verify("--json");

        assertThat(v.exit()).isEqualTo(Main.EXIT_CHECK_FAILED);
        assertThat(v.out()).contains("\"verdict\": \"DIFFERS: outside extra 9000; bridge extra 9000\"")
                .contains("\"ok\": false");
    }

    @Test
    void endpointAclsDecideWhatEachVantagePointMustReachAsTheCompiledRulesDo() throws Exception {
        // A second deployment next to webfarm: Admin (2222) is for 10.213.255.0/30 only, so the outside must
        // reach it and the stranger on the bridge must not; Direct is an InstanceInputEndpoint (public 30000).
        String acl = name + "acl";
        CliRun apply = inHost("agent", "apply", ACL_CSDEF, "--config", ACL_CSCFG, "--name", acl, "--settings", settings.toString());
        assertThat(apply.exit()).as(apply.out() + apply.err()).isZero();
        try {
            host.instance(3, 8080, 2222, 7000, 9000, 5555); // 10.213.0.13, after webfarm's three

            CliRun v = verify(acl);

            assertThat(v.exit()).as(v.out() + v.err()).isZero();
            assertThat(v.out()).containsPattern(acl + "\\.Api\\.0 +10\\.213\\.0\\.13 +2222,7000,8080 +2222,7000,8080 +"
                            + "7000,8080 \\(acl: expect 7000,8080\\) +ok\n")
                    .contains("8088/tcp " + acl + ".Api Public -> 8080: open, ok")
                    .contains("2200/tcp " + acl + ".Api Admin -> 2222: open, ok")
                    .contains("30000/tcp " + acl + ".Api.0 Direct -> 7000: open, ok")
                    .contains("not checked: " + acl + ".Api Dns udp/5353: a TCP connect scan cannot check UDP")
                    .contains("verifying 1 instance, TCP ports 1-12000").doesNotContain(name + ".WebRole");
        } finally {
            CliRun remove = inHost("agent", "remove", acl, "--settings", settings.toString());
            assertThat(remove.exit()).as(remove.out() + remove.err()).isZero();
        }
    }

    @Test
    void libvirtOutOfReachIsBadInput() throws Exception {
        Path unreachable = Files.writeString(tmp.resolve("unreachable.conf"), Files.readString(settings)
                .replace("libvirt.uri = test:///default", "libvirt.uri = qemu:///system?socket=/nonexistent/libvirt-sock"));

        CliRun v = inHost("verify", "--settings", unreachable.toString());

        assertThat(v.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(v.err()).startsWith("fabric verify: error: cannot connect to libvirt at qemu:///system").hasLineCount(1);
        assertThat(v.out()).isEmpty();
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        CliRun unknown = inHost("verify", "nosuch", "--settings", settings.toString());
        assertThat(unknown.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(unknown.err()).isEqualTo("fabric verify: error: no deployment nosuch on this host (known: " + name
                + "; store " + tmp.resolve("state/deployments") + ")\n");

        CliRun noNamespace = inHost("verify", "--from", "fabric-vt-no-such-ns", "--settings", settings.toString());
        assertThat(noNamespace.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(noNamespace.err()).startsWith("fabric verify: error: no network namespace 'fabric-vt-no-such-ns'")
                .hasLineCount(1);

        CliRun noBridge = CliRun.of("verify", "--settings", settings.toString()); // the test JVM's own namespace has no fabbr0
        assertThat(noBridge.exit()).as(noBridge.out()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(noBridge.err()).contains("fabric verify: error: no bridge fabbr0 in this network namespace");
        assertThat(probeNamespaceExists()).isFalse();
    }
}
