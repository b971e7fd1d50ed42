package dev.fabric.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fabric.controller.api.InMemoryControllerApi;
import dev.fabric.controller.rest.RestServer;
import dev.fabric.protocol.tls.TestPki;
import dev.fabric.protocol.tls.TlsFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy, status, hosts, scale and delete through picocli, over real TLS 1.3 to the real REST server and an in-memory controller. */
class ControllerCommandsTest {
    private static final String CSDEF = "../examples/webfarm/ServiceDefinition.csdef";
    private static final String CSCFG = "../examples/webfarm/ServiceConfiguration.cscfg";

    @TempDir
    Path tmp;
    TestPki pki;
    InMemoryControllerApi api;
    RestServer server;

    @BeforeEach
    void start() {
        pki = TestPki.create(tmp);
        api = new InMemoryControllerApi();
        server = RestServer.start(new InetSocketAddress("127.0.0.1", 0), pki.controller(), api);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRun fabric(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--controller", "127.0.0.1:" + server.port(), "--pki", pki.dir().toString(), "--operator", "alice"));
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    void deployStatusHostsScaleAndDeleteThroughTheCli() throws Exception {
        CliRun deploy = fabric("deploy", CSDEF, "--config", CSCFG);
        assertThat(deploy.exit()).as(deploy.err()).isZero();
        assertThat(deploy.out()).contains("deployed webfarm (version 1): WebRole x2, WorkerRole x1; 3 instances")
                .contains("webfarm.WebRole.0  (not placed)  pending, unknown");

        CliRun status = fabric("status");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out().lines().toList()).first().asString()
                .matches("DEPLOYMENT +INSTANCE +HOST +ADDRESS +STATE +HEALTH +DETAIL");
        assertThat(status.out()).containsPattern("webfarm +webfarm\\.WebRole\\.0 +host-1 +10\\.213\\.0\\.10 +starting +unknown")
                .containsPattern("webfarm +webfarm\\.WorkerRole\\.0 +host-1 +10\\.213\\.0\\.12 +starting");

        CliRun json = fabric("status", "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertThat(doc.get("schema").asInt()).isEqualTo(1);
        assertThat(doc.get("deployments").get(0).get("roles").get(1).get("name").asText()).isEqualTo("WorkerRole");
        JsonNode first = doc.get("instances").get(0);
        assertThat(first.get("deployment").asText()).isEqualTo("webfarm");
        assertThat(first.get("role").asText()).isEqualTo("WebRole");
        assertThat(first.get("index").asInt()).isZero();
        assertThat(first.get("instanceId").asText()).isEqualTo("webfarm.WebRole.0");
        assertThat(first.get("host").asText()).isEqualTo("host-1");
        assertThat(first.get("address").asText()).isEqualTo("10.213.0.10");
        assertThat(first.get("state").asText()).isEqualTo("running");
        assertThat(first.get("health").asText()).isEqualTo("unknown");

        CliRun hosts = fabric("hosts");
        assertThat(hosts.exit()).as(hosts.err()).isZero();
        assertThat(hosts.out()).containsPattern("HOST +FAULT-DOMAIN +ADDRESS +STATE +CPUS +MEMORY +INSTANCES")
                .containsPattern("host-1 +fd-1 +10\\.213\\.255\\.1 +up +8 +16384 MiB +3");

        CliRun scale = fabric("scale", "webfarm", "WebRole", "4");
        assertThat(scale.exit()).as(scale.err()).isZero();
        assertThat(scale.out()).contains("scaled webfarm (version 2): WebRole x4, WorkerRole x1").contains("webfarm.WebRole.3");
        assertThat(api.calls()).contains("scale webfarm WebRole 4");

        CliRun delete = fabric("delete", "webfarm");
        assertThat(delete.exit()).as(delete.err()).isZero();
        assertThat(delete.out()).contains("deleted webfarm (version 2)").contains("its 5 instances are being stopped");
        assertThat(fabric("status").out()).contains("no deployments");

        CliRun again = fabric("delete", "webfarm");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).isEqualTo("fabric: error: no deployment named webfarm\n");
    }

    @Test
    void anInvalidDefinitionExitsTwoWithItsDiagnosticsAndIsNeverSent() {
        CliRun r = fabric("deploy", "../examples/invalid/dup-role/ServiceDefinition.csdef", "--config", CSCFG, "--name", "dup");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("../examples/invalid/dup-role/ServiceDefinition.csdef:4:15: error: duplicate role name 'Front'")
                .contains("nothing was sent to the controller").doesNotContain("Exception");
        assertThat(api.calls()).isEmpty();

        CliRun badName = fabric("deploy", CSDEF, "--config", CSCFG, "--name", "web.farm");
        assertThat(badName.exit()).isEqualTo(2);
        assertThat(badName.err()).contains("deployment name 'web.farm' is not allowed");
        assertThat(fabric("scale", "webfarm", "WebRole", "-1").exit()).isEqualTo(2);
        assertThat(api.calls()).isEmpty();
    }

    @Test
    void badNamesForScaleAndDeleteAreRefusedBeforeAnythingIsReadOrSent() {
        // operator bob has no certificate: the name is checked first, so that is not what the error is about
        CliRun delete = CliRun.of("delete", "web.farm", "--controller", "127.0.0.1:" + server.port(), "--pki", pki.dir().toString(),
                "--operator", "bob");
        assertThat(delete.exit()).isEqualTo(2);
        assertThat(delete.err()).startsWith("fabric: error: deployment name 'web.farm' is not allowed: ").doesNotContain("bob");
        assertThat(delete.out()).isEmpty();
        CliRun role = fabric("scale", "webfarm", "Web/Role", "1");
        assertThat(role.exit()).isEqualTo(2);
        assertThat(role.err()).startsWith("fabric: error: role name 'Web/Role' is not allowed: ");
        CliRun count = fabric("scale", "webfarm", "WebRole", "-1");
        assertThat(count.exit()).isEqualTo(2);
        assertThat(count.err()).isEqualTo("fabric: error: COUNT must be 0 or more, was -1\n");
        assertThat(api.calls()).isEmpty();
    }

    @Test
    void waitPrintsEachInstanceAsItChangesUntilAllServe() {
        CliRun r = fabric("deploy", CSDEF, "--config", CSCFG, "--wait", "--interval", "10ms", "--timeout", "120s");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        List<String> web0 = r.out().lines().filter(l -> l.contains("webfarm.WebRole.0")).toList();
        assertThat(web0).containsExactly(
                "  webfarm.WebRole.0  (not placed)  pending, unknown (waiting for placement)",
                "  webfarm.WebRole.0  host-1 10.213.0.10  starting, unknown",
                "  webfarm.WebRole.0  host-1 10.213.0.10  running, unknown",
                "  webfarm.WebRole.0  host-1 10.213.0.10  running, serving");
        assertThat(r.out()).containsPattern("webfarm: all 3 instances running and serving after \\d+ s");
        assertThat(api.calls()).containsExactly("deploy webfarm", "get webfarm", "get webfarm", "get webfarm");
    }

    @Test
    void waitGivesUpAfterTheTimeoutSayingWhatIsNotReady() {
        api.stuck(true);
        CliRun r = fabric("deploy", CSDEF, "--config", CSCFG, "--wait", "--interval", "50ms", "--timeout", "1s");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).containsPattern("webfarm: not ready after \\d+ s: 0 of 3 instances running and serving; still waiting for:")
                .contains("  webfarm.WorkerRole.0  host-1 10.213.0.12  starting, unknown");
    }

    @Test
    void refusalsOfTheControllerArePrintedForPeopleWithExitTwo() {
        assertThat(fabric("deploy", CSDEF, "--config", CSCFG).exit()).isZero();
        CliRun taken = fabric("deploy", CSDEF, "--config", CSCFG);
        assertThat(taken.exit()).isEqualTo(2);
        assertThat(taken.err()).isEqualTo("fabric: error: deployment webfarm exists already; delete it first or choose another name\n");

        CliRun full = fabric("scale", "webfarm", "WebRole", "50");
        assertThat(full.exit()).isEqualTo(2);
        assertThat(full.err()).contains("fabric: error: not enough capacity for webfarm").contains("\n  host-1: 8 cpus");

        CliRun role = fabric("scale", "webfarm", "Nope", "1");
        assertThat(role.exit()).isEqualTo(2);
        assertThat(role.err()).contains("deployment webfarm has no role Nope (roles: WebRole, WorkerRole)");
    }

    @Test
    void anUnreachableControllerOrAWrongCaOrAMissingCertificateIsSaidPlainly() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        CliRun unreachable = CliRun.of("status", "--controller", "127.0.0.1:" + closed, "--pki", pki.dir().toString(), "--operator", "alice");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot reach the controller at 127.0.0.1:" + closed + ": connection refused");

        CliRun foreign = CliRun.of("status", "--controller", "127.0.0.1:" + server.port(), "--pki", pki.other().toString(),
                "--operator", "mallory");
        assertThat(foreign.exit()).isEqualTo(1);
        assertThat(foreign.err()).contains("TLS handshake with the controller at 127.0.0.1:" + server.port() + " failed")
                .contains("not from this fabric's CA").contains("operators/mallory.crt");

        CliRun missing = CliRun.of("hosts", "--controller", "127.0.0.1:" + server.port(), "--pki", pki.dir().toString(),
                "--operator", "bob");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("operators/bob.crt (missing)").contains("fabric ca issue --dir " + pki.dir() + " --operator bob");

        CliRun badAddress = CliRun.of("status", "--controller", "nowhere", "--pki", pki.dir().toString());
        assertThat(badAddress.exit()).isEqualTo(2);
        assertThat(badAddress.err()).contains("--controller 'nowhere' is not HOST:PORT");
        assertThat(api.calls()).isEmpty();
    }

    @Test
    void aControllerCertificateThatDoesNotNameTheAddressIsExplained() {
        Path dir = tmp.resolve("nosan");
        java.time.Duration days = java.time.Duration.ofDays(1);
        java.time.Clock clock = java.time.Clock.systemUTC();
        dev.fabric.pki.CertificateAuthority ca = dev.fabric.pki.CertificateAuthority.init(dir, "no SAN CA", days, clock);
        ca.issue(dev.fabric.pki.CredentialKind.CONTROLLER, null, List.of(), days, clock);
        ca.issue(dev.fabric.pki.CredentialKind.OPERATOR, "alice", List.of(), days, clock);
        try (RestServer other = RestServer.start(new InetSocketAddress("127.0.0.1", 0),
                TlsFiles.controller(dir), api)) {
            CliRun r = CliRun.of("status", "--controller", "127.0.0.1:" + other.port(), "--pki", dir.toString(), "--operator", "alice");
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).contains("the controller's certificate does not name 127.0.0.1:" + other.port())
                    .contains("fabric ca issue --controller --address HOST");
        }
        assertThat(api.calls()).isEmpty();
    }

    @Test
    void helpNamesTheDefaults() {
        CliRun help = CliRun.of("status", "--help");
        assertThat(help.out().replaceAll("\\s+", " ")).contains("--controller=HOST:PORT").contains("$FABRIC_CONTROLLER, else 127.0.0.1:7443")
                .contains("$FABRIC_PKI, else /etc/fabric/pki").contains("$FABRIC_OPERATOR, else admin");
    }
}
