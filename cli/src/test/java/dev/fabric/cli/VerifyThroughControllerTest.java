package dev.fabric.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fabric.agent.json.Json;
import dev.fabric.agent.verify.PortScanner;
import dev.fabric.controller.api.InMemoryControllerApi;
import dev.fabric.controller.api.InstanceView;
import dev.fabric.controller.api.VerifyView;
import dev.fabric.controller.api.VerifyView.HostVerifyView;
import dev.fabric.controller.api.VerifyView.InstanceVerifyView;
import dev.fabric.controller.rest.RestServer;
import dev.fabric.protocol.tls.TestPki;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.verify.PortSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fabric verify DEPLOYMENT --controller ...} (0690): options, the controller's refusals, and how the
 * controller's per-host bridge results and this command's outside scans become one report. The outside scanner is
 * the seam (the real one is VerifyCommandTest's); the definition, the expectations and the report are the real ones.
 */
class VerifyThroughControllerTest {
    static final Path WEBFARM = Path.of("../examples/webfarm");
    static final PortSet PORTS = PortSet.range(1, 65535);

    @TempDir
    Path tmp;

    private static InstanceView at(String role, int index, String host, String address) {
        return new InstanceView("webfarm", role, index, "webfarm." + role + "." + index, host, address, "running", "serving", "");
    }

    private static InstanceVerifyView seen(String role, int index, String address, String expected, String open) {
        PortSet e = ControllerVerify.ports(expected);
        PortSet o = ControllerVerify.ports(open);
        return new InstanceVerifyView("webfarm." + role + "." + index, role, index, address, "running", expected, open,
                e.minus(o).toString(), o.minus(e).toString(), e.equals(o));
    }

    private static HostVerifyView verified(String host, int n, InstanceVerifyView... instances) {
        return new HostVerifyView(host, HostVerifyView.VERIFIED, "", "fabbr0", "10.213." + n + ".254", "10.214.0.1" + n, List.of(instances));
    }

    private static VerifyView view(HostVerifyView... hosts) throws Exception {
        return new VerifyView("webfarm", 1, "1-65535", 1500, true, List.of(hosts),
                List.of(at("WebRole", 0, "host-1", "10.213.1.10"), at("WebRole", 1, "host-2", "10.213.2.10"),
                        at("WorkerRole", 0, "host-3", "10.213.3.10")),
                Files.readString(WEBFARM.resolve("ServiceDefinition.csdef")), Files.readString(WEBFARM.resolve("ServiceConfiguration.cscfg")));
    }

    /** The outside as the lab's fabric-ext sees it: each web instance's 8080, port 80 on the hosts of web instances. */
    private static ControllerVerify.Outside outside(Map<String, PortSet> extra) {
        Map<String, PortSet> open = new java.util.HashMap<>(Map.of("10.213.1.10", PortSet.of(8080), "10.213.2.10", PortSet.of(8080),
                "10.214.0.11", PortSet.of(80), "10.214.0.12", PortSet.of(80)));
        open.putAll(extra);
        PortScanner scanner = (target, ports) -> {
            PortSet o = open.getOrDefault(target.toString(), PortSet.empty());
            return o.minus(o.minus(ports));
        };
        return new ControllerVerify.Outside("namespace fabric-ext", scanner, t -> Ipv4Address.parse("10.214.255.2"));
    }

    @Test
    void everyInstanceAsDeclaredFromOutsideAndFromItsHostsBridgeIsOk() throws Exception {
        List<String> progress = new ArrayList<>();
        FabricVerifyReport r = new ControllerVerify(PORTS, progress::add).assemble("127.0.0.1:7443", view(
                verified("host-1", 1, seen("WebRole", 0, "10.213.1.10", "8080", "8080")),
                verified("host-2", 2, seen("WebRole", 1, "10.213.2.10", "8080", "8080")),
                verified("host-3", 3, seen("WorkerRole", 0, "10.213.3.10", "", ""))), outside(Map.of()));

        assertThat(r.ok()).as(r.differences().toString()).isTrue();
        String text = FabricVerifyText.of(r);
        assertThat(text).contains("verifying webfarm through the controller at 127.0.0.1:7443: 3 instances on 3 hosts, TCP ports 1-65535",
                "from outside: namespace fabric-ext, source 10.214.255.2",
                "host host-1: bridge probe 10.213.1.254 on fabbr0, external address 10.214.0.11",
                "80/tcp on host-1 10.214.0.11: webfarm.WebRole HttpIn -> 8080: open, ok",
                "result: ok: every instance answers on exactly its declared ports from outside and from its host's bridge");
        assertThat(text.lines().filter(l -> l.startsWith("webfarm.")).map(l -> l.replaceAll("\\s+", " ")))
                .containsExactly("webfarm.WebRole.0 host-1 10.213.1.10 8080 8080 8080 ok",
                        "webfarm.WebRole.1 host-2 10.213.2.10 8080 8080 8080 ok",
                        "webfarm.WorkerRole.0 host-3 10.213.3.10 - - - ok");
        assertThat(progress).contains("scanning webfarm.WorkerRole.0 10.213.3.10 from outside (namespace fabric-ext)");

        JsonNode json = new ObjectMapper().readTree(Json.pretty(FabricVerifyJson.of(r)));
        assertThat(json.get("ok").asBoolean()).isTrue();
        assertThat(json.get("hosts").get(2).get("outcome").asText()).isEqualTo("verified");
        JsonNode web1 = json.get("instances").get(1);
        assertThat(web1.get("host").asText()).isEqualTo("host-2");
        assertThat(web1.get("reachable").get("outside").toString()).isEqualTo("[8080]");
        assertThat(web1.get("reachable").get("bridge").toString()).isEqualTo("[8080]");
        assertThat(json.get("publicPorts")).hasSize(2);
    }

    @Test
    void aLeakASilentHostAndAnInstanceTheAgentSkippedAreDifferencesNamedByHost() throws Exception {
        FabricVerifyReport r = new ControllerVerify(PORTS, line -> { }).assemble("127.0.0.1:7443", view(
                new HostVerifyView("host-1", HostVerifyView.VERIFIED, "", "fabbr0", "10.213.1.254", "10.214.0.11", List.of()),
                HostVerifyView.unverified("host-2", HostVerifyView.NO_ANSWER, "host host-2 did not answer within 60 s"),
                verified("host-3", 3, seen("WorkerRole", 0, "10.213.3.10", "", "22"))),
                outside(Map.of("10.213.3.10", PortSet.of(9000))));

        assertThat(r.ok()).isFalse();
        assertThat(r.differences()).containsExactly(
                "webfarm.WebRole.0 on host-1 10.213.1.10: bridge not checked: the agent did not report it",
                "host host-2: bridge not checked: no-answer: host host-2 did not answer within 60 s",
                "webfarm.WebRole.1 on host-2 10.213.2.10: bridge not checked: no-answer: host host-2 did not answer within 60 s",
                "webfarm.WorkerRole.0 on host-3 10.213.3.10: outside extra 9000; bridge extra 22");
        String text = FabricVerifyText.of(r);
        assertThat(text).contains("host host-2: no-answer: host host-2 did not answer within 60 s", "result: DIFFERS: 4 differences");
        assertThat(text.lines().filter(l -> l.startsWith("webfarm.WorkerRole.0")).map(l -> l.replaceAll("\\s+", " ")))
                .containsExactly("webfarm.WorkerRole.0 host-3 10.213.3.10 - 9000 22 DIFFERS: outside extra 9000; bridge extra 22");
    }

    @Test
    void optionsAreCheckedAndAControllerThatCannotVerifyOrCannotBeReachedExitsTwo() throws Exception {
        TestPki pki = TestPki.create(tmp);
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String[] auth = {"--pki", pki.dir().toString(), "--operator", "alice"};

        CliRun two = CliRun.of(concat(new String[] {"verify", "a", "b", "--controller", "127.0.0.1:" + closed}, auth));
        assertThat(two.exit()).isEqualTo(2);
        assertThat(two.err()).contains("name exactly one deployment");
        CliRun settings = CliRun.of(concat(new String[] {"verify", "webfarm", "--settings", "x.conf", "--controller", "127.0.0.1:1"}, auth));
        assertThat(settings.exit()).isEqualTo(2);
        assertThat(settings.err()).contains("--settings is for the stand-alone agent");

        CliRun away = CliRun.of(concat(new String[] {"verify", "webfarm", "--controller", "127.0.0.1:" + closed}, auth));
        assertThat(away.exit()).as("unreachable is not a difference").isEqualTo(2);
        assertThat(away.err()).contains("cannot reach the controller at 127.0.0.1:" + closed);
        assertThat(away.out()).isEmpty();

        try (RestServer server = RestServer.start(new InetSocketAddress("127.0.0.1", 0), pki.controller(), new InMemoryControllerApi())) {
            CliRun refused = CliRun.of(concat(new String[] {"verify", "webfarm", "--controller", "127.0.0.1:" + server.port()}, auth));
            assertThat(refused.exit()).isEqualTo(2);
            assertThat(refused.err()).contains("fabric: error: this controller cannot verify deployments");
            CliRun badPorts = CliRun.of(concat(new String[] {"verify", "webfarm", "--ports", "80-70", "--controller",
                    "127.0.0.1:" + server.port()}, auth));
            assertThat(badPorts.exit()).isEqualTo(2);
        }

        CliRun help = CliRun.of("verify", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Through the controller", "--controller=HOST:PORT", "--from=NAMESPACE");
    }

    /**
     * The whole way once, on loopback: the real REST server over TLS 1.3, the view through JSON, the outside scan with the
     * real connect scanner from this namespace. The instances sit at 127.0.0.x; one of them answers on an undeclared port.
     */
    @Test
    void throughTheRestServerWithRealScansFromHereALeakExitsOneAndTheReportNamesIt() throws Exception {
        TestPki pki = TestPki.create(tmp);
        VerifyView canned = new VerifyView("webfarm", 1, "40000-40002", 300, true,
                List.of(new HostVerifyView("host-1", HostVerifyView.VERIFIED, "", "fabbr0", "127.0.0.254", "", List.of(
                                seen("WebRole", 0, "127.0.0.1", "", ""), seen("WebRole", 1, "127.0.0.2", "", ""))),
                        new HostVerifyView("host-3", HostVerifyView.VERIFIED, "", "fabbr0", "127.0.0.253", "", List.of(
                                seen("WorkerRole", 0, "127.0.0.3", "", "")))),
                List.of(at("WebRole", 0, "host-1", "127.0.0.1"), at("WebRole", 1, "host-1", "127.0.0.2"),
                        at("WorkerRole", 0, "host-3", "127.0.0.3")),
                Files.readString(WEBFARM.resolve("ServiceDefinition.csdef")), Files.readString(WEBFARM.resolve("ServiceConfiguration.cscfg")));
        List<String> asked = new ArrayList<>();
        try (RestServer server = RestServer.start(new InetSocketAddress("127.0.0.1", 0), pki.controller(), new VerifyOnly(canned, asked));
             ServerSocket leak = new ServerSocket(40001, 5, java.net.InetAddress.getByName("127.0.0.3"))) {
            String[] args = {"verify", "webfarm", "--ports", "40000-40002", "--timeout", "300", "--controller", "127.0.0.1:" + server.port(),
                    "--pki", pki.dir().toString(), "--operator", "alice"};
            CliRun v = CliRun.of(args);

            assertThat(v.exit()).as(v.out() + v.err()).isEqualTo(1);
            assertThat(asked).containsExactly("webfarm 40000-40002 300");
            assertThat(v.out()).contains("from outside: this host's network namespace, source 127.0.0.1",
                    "result: DIFFERS: 1 difference", "webfarm.WorkerRole.0 on host-3 127.0.0.3: outside extra 40001");
            assertThat(v.out().lines().filter(l -> l.startsWith("webfarm.")).map(l -> l.replaceAll("\\s+", " ")))
                    .containsExactly("webfarm.WebRole.0 host-1 127.0.0.1 8080 - - ok",
                            "webfarm.WebRole.1 host-1 127.0.0.2 8080 - - ok",
                            "webfarm.WorkerRole.0 host-3 127.0.0.3 - 40001 - DIFFERS: outside extra 40001");
            assertThat(v.err()).contains("fabric verify: the hosts answered: [host-1 verified, host-3 verified]");
        }
    }

    /** A controller that only verifies, answering with {@code canned} and noting what it was asked. */
    private record VerifyOnly(VerifyView canned, List<String> asked) implements dev.fabric.controller.api.ControllerApi {
        @Override
        public VerifyView verify(String name, dev.fabric.controller.api.VerifyOptions options) {
            asked.add(name + " " + options.ports() + " " + options.timeoutMs());
            return canned;
        }

        @Override
        public dev.fabric.controller.api.DeploymentView deploy(String name, String csdef, String cscfg) {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.fabric.controller.api.DeploymentView get(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<dev.fabric.controller.api.DeploymentView> list() {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.fabric.controller.api.DeploymentView scale(String name, String role, int count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.fabric.controller.api.DeploymentView delete(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<dev.fabric.controller.api.HostView> hosts() {
            throw new UnsupportedOperationException();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
