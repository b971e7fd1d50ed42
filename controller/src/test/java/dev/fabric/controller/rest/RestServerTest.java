package dev.fabric.controller.rest;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fabric.controller.api.InMemoryControllerApi;
import dev.fabric.pki.TlsMaterial;
import dev.fabric.protocol.tls.TestPki;
import dev.fabric.protocol.tls.TlsFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The REST API over real TLS 1.3 on 127.0.0.1 with certificates of the real CA, in front of an in-memory controller. */
class RestServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    TestPki pki;
    InMemoryControllerApi api;
    RestServer server;
    ListAppender<ILoggingEvent> log;

    @BeforeEach
    void start() {
        pki = TestPki.create(tmp);
        api = new InMemoryControllerApi();
        server = RestServer.start(new InetSocketAddress("127.0.0.1", 0), pki.controller(), api);
        log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger("dev.fabric.controller.rest")).addAppender(log);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger("dev.fabric.controller.rest")).detachAppender(log);
        server.close();
    }

    private SSLContext operator;
    private final java.util.Map<SSLContext, HttpClient> clients = new java.util.HashMap<>();

    private SSLContext operator() {
        if (operator == null) {
            operator = context(pki.operator("alice"));
        }
        return operator;
    }

    private static SSLContext context(TlsFiles files) {
        return TlsMaterial.context(files.certificate(), files.key(), files.caCertificate());
    }

    private HttpResponse<String> send(SSLContext tls, String method, String path, String contentType, String body) throws Exception {
        HttpClient client = clients.computeIfAbsent(tls,
                t -> HttpClient.newBuilder().sslContext(t).connectTimeout(Duration.ofSeconds(10)).build());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(operator(), method, path, body == null ? null : "application/json", body);
    }

    private static String example(String file) throws IOException {
        return Files.readString(Path.of("..", "examples", "webfarm", file));
    }

    private String deployBody(String name) throws IOException {
        return JSON.writeValueAsString(java.util.Map.of("name", name, "csdef", example("ServiceDefinition.csdef"),
                "cscfg", example("ServiceConfiguration.cscfg")));
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (SSLSocket s = (SSLSocket) operator().getSocketFactory().createSocket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("GET /v1/hosts HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /v1/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String all = readAll(s.getInputStream());
            assertThat(all.indexOf("HTTP/1.1 200")).isLessThan(all.indexOf("HTTP/1.1 404"));
            assertThat(all.indexOf("HTTP/1.1 404")).isLessThan(all.indexOf("\"schema\""));
            assertThat(all.indexOf("\"faultDomain\"")).isLessThan(all.indexOf("HTTP/1.1 404"));
        }
        assertThat(api.calls()).containsExactly("hosts", "list");
    }

    private String logText() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.joining("\n"));
    }

    @Test
    void everyRouteServesAnOperator() throws Exception {
        HttpResponse<String> created = send("POST", "/v1/deployments", deployBody("webfarm"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/v1/deployments/webfarm");
        JsonNode d = JSON.readTree(created.body());
        assertThat(d.get("name").asText()).isEqualTo("webfarm");
        assertThat(d.get("instances").get(0).get("state").asText()).isEqualTo("pending");

        JsonNode one = JSON.readTree(send("GET", "/v1/deployments/webfarm", null).body());
        assertThat(one.get("instances").get(0).get("instanceId").asText()).startsWith("webfarm.");
        assertThat(JSON.readTree(send("GET", "/v1/deployments", null).body()).get(0).get("name").asText()).isEqualTo("webfarm");

        String role = one.get("roles").get(0).get("name").asText();
        HttpResponse<String> scaled = send("PUT", "/v1/deployments/webfarm/roles/" + role, "{\"instances\": 3}");
        assertThat(scaled.statusCode()).as(scaled.body()).isEqualTo(200);
        assertThat(JSON.readTree(scaled.body()).get("roles").get(0).get("instances").asInt()).isEqualTo(3);

        JsonNode status = JSON.readTree(send("GET", "/v1/status", null).body());
        assertThat(status.get("schema").asInt()).isEqualTo(1);
        assertThat(status.get("deployments").get(0).get("name").asText()).isEqualTo("webfarm");
        JsonNode instance = status.get("instances").get(0);
        assertThat(fields(status)).as("docs/STATUS-JSON.md").containsExactly("schema", "deployments", "instances");
        assertThat(fields(status.get("deployments").get(0))).containsExactly("name", "version", "roles");
        assertThat(fields(instance)).as("docs/STATUS-JSON.md")
                .containsExactly("deployment", "role", "index", "instanceId", "host", "address", "state", "health", "detail");

        JsonNode hosts = JSON.readTree(send("GET", "/v1/hosts", null).body());
        assertThat(hosts.get(0).get("name").asText()).isEqualTo("host-1");
        assertThat(hosts.get(0).get("faultDomain").asText()).isEqualTo("fd-1");

        assertThat(send("DELETE", "/v1/deployments/webfarm", null).statusCode()).isEqualTo(200);
        HttpResponse<String> gone = send("GET", "/v1/deployments/webfarm", null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(gone.body()).get("error").asText()).isEqualTo("no deployment named webfarm");
        assertThat(logText()).contains("API alice POST /v1/deployments -> 201");
    }

    @Test
    void controllerRefusalsKeepTheirStatusAndDetails() throws Exception {
        assertThat(send("POST", "/v1/deployments", deployBody("webfarm")).statusCode()).isEqualTo(201);
        HttpResponse<String> again = send("POST", "/v1/deployments", deployBody("webfarm"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(again.body()).get("code").asText()).isEqualTo("exists");

        String broken = JSON.writeValueAsString(java.util.Map.of("name", "broken", "csdef", "<ServiceDefinition/>",
                "cscfg", example("ServiceConfiguration.cscfg")));
        HttpResponse<String> invalid = send("POST", "/v1/deployments", broken);
        assertThat(invalid.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(invalid.body());
        assertThat(body.get("code").asText()).isEqualTo("invalid");
        assertThat(body.get("details").get(0).asText()).contains("broken.csdef:1:").contains("error:");

        HttpResponse<String> tooMany = send("PUT", "/v1/deployments/webfarm/roles/"
                + JSON.readTree(send("GET", "/v1/deployments/webfarm", null).body()).get("roles").get(0).get("name").asText(),
                "{\"instances\": 100}");
        assertThat(tooMany.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(tooMany.body()).get("code").asText()).isEqualTo("no-capacity");
        assertThat(send("PUT", "/v1/deployments/webfarm/roles/NoSuchRole", "{\"instances\": 1}").statusCode()).isEqualTo(404);
    }

    @Test
    void malformedRequestsAreRefusedNamingWhatIsWrongAndNeverReachTheController() throws Exception {
        record Case(String method, String path, String type, String body, int status, String says) {
        }
        List<Case> cases = List.of(
                new Case("POST", "/v1/deployments", "application/json", "{\"name\": ", 400, "not valid JSON"),
                new Case("POST", "/v1/deployments", "application/json", "[1, 2]", 400, "must be a JSON object"),
                new Case("POST", "/v1/deployments", "application/json",
                        "{\"name\":\"a\",\"csdef\":\"x\",\"cscfg\":\"y\",\"force\":true}", 400, "unknown field 'force'"),
                new Case("POST", "/v1/deployments", "application/json", "{\"name\":\"a\",\"csdef\":\"x\"}", 400, "missing field 'cscfg'"),
                new Case("POST", "/v1/deployments", "application/json", "{\"name\":\"a\",\"csdef\":1,\"cscfg\":\"y\"}", 400,
                        "field 'csdef' must be a string"),
                new Case("POST", "/v1/deployments", "application/json", "{\"name\":\"a\",\"name\":\"b\",\"csdef\":\"x\",\"cscfg\":\"y\"}",
                        400, "Duplicate field 'name'"),
                new Case("POST", "/v1/deployments", "application/json", "{\"name\":\"-web\",\"csdef\":\"x\",\"cscfg\":\"y\"}", 400,
                        "deployment name '-web' is not allowed"),
                new Case("POST", "/v1/deployments", "text/plain", "{}", 415, "Content-Type: application/json"),
                new Case("GET", "/v1/deployments/web.farm", null, null, 400, "deployment name 'web.farm' is not allowed"),
                new Case("GET", "/v1/deployments/" + "a".repeat(41), null, null, 400, "is not allowed"),
                new Case("PUT", "/v1/deployments/webfarm/roles/Web", "application/json", "{\"instances\": -1}", 400,
                        "field 'instances' must be a whole number from 0 to 1000"),
                new Case("PUT", "/v1/deployments/webfarm/roles/Web", "application/json", "{\"instances\": \"3\"}", 400,
                        "field 'instances' must be a whole number"),
                new Case("GET", "/v1/nothing", null, null, 404, "no such resource: /v1/nothing"),
                new Case("GET", "/admin", null, null, 404, "the API lives under /v1/"),
                new Case("GET", "/v1/status?verbose=1", null, null, 400, "no query parameters"),
                new Case("DELETE", "/v1/hosts", null, null, 405, "DELETE is not allowed on /v1/hosts (allowed: GET)"),
                new Case("PATCH", "/v1/deployments/webfarm", "application/json", "{}", 405, "allowed: GET, DELETE"));
        for (Case c : cases) {
            HttpResponse<String> r = send(operator(), c.method(), c.path(), c.type(), c.body());
            assertThat(r.statusCode()).as(c + " -> " + r.body()).isEqualTo(c.status());
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("error").asText()).as(c.toString()).contains(c.says());
            assertThat(body.get("details").isArray()).isTrue();
        }
        assertThat(send("DELETE", "/v1/hosts", null).headers().firstValue("Allow")).hasValue("GET");
        assertThat(api.calls()).isEmpty();
        assertThat(logText()).contains("API refused /127.0.0.1:").contains("400 unknown field 'force'");
    }

    @Test
    void aBodyOverTenMebibytesGets413FromItsHeadersAlone() throws Exception {
        try (SSLSocket s = (SSLSocket) operator().getSocketFactory().createSocket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("POST /v1/deployments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (11 * 1024 * 1024) + "\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String response = readAll(s.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 413").contains("larger than 10 MiB").contains("connection: close");
        }
        assertThat(api.calls()).isEmpty();
    }

    @Test
    void aHostCertificateGets403AndIsLogged() throws Exception {
        SSLContext host = context(pki.host("host-1"));
        HttpResponse<String> r = send(host, "GET", "/v1/status", null, null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(r.body()).get("error").asText()).contains("CN=host-1,OU=host,O=Fabric").contains("not an operator's");
        assertThat(api.calls()).isEmpty();
        assertThat(logText()).contains("certificate CN=host-1,OU=host,O=Fabric is not an operator's (OU=host)");
    }

    @Test
    void anOperatorOfAnotherCaFailsTheHandshake() throws Exception {
        // The JDK client would not even offer a certificate the server's CA list does not name; force it to.
        TlsFiles mallory = pki.foreignOperator("mallory");
        javax.net.ssl.X509ExtendedKeyManager own = (javax.net.ssl.X509ExtendedKeyManager) TlsMaterial.keyManagers(
                mallory.certificate(), mallory.key()).getKeyManagers()[0];
        javax.net.ssl.X509ExtendedKeyManager always = new javax.net.ssl.X509ExtendedKeyManager() {
            public String[] getClientAliases(String t, java.security.Principal[] i) { return new String[] {"own"}; }
            public String chooseClientAlias(String[] t, java.security.Principal[] i, Socket s) { return "own"; }
            public String chooseEngineClientAlias(String[] t, java.security.Principal[] i, javax.net.ssl.SSLEngine e) { return "own"; }
            public String[] getServerAliases(String t, java.security.Principal[] i) { return null; }
            public String chooseServerAlias(String t, java.security.Principal[] i, Socket s) { return null; }
            public java.security.cert.X509Certificate[] getCertificateChain(String a) { return own.getCertificateChain(a); }
            public java.security.PrivateKey getPrivateKey(String a) { return own.getPrivateKey(a); }
        };
        SSLContext foreign = SSLContext.getInstance("TLSv1.3");
        foreign.init(new javax.net.ssl.KeyManager[] {always}, TlsMaterial.trustManagers(pki.ca()).getTrustManagers(), null);
        assertThat(always.getCertificateChain("own")[0].getSubjectX500Principal().getName()).isEqualTo("CN=mallory,OU=operator,O=Fabric");

        assertThatThrownBy(() -> send(foreign, "GET", "/v1/status", null, null)).isInstanceOf(IOException.class);
        assertThat(api.calls()).isEmpty();
        awaitLog("TLS handshake failed: the client certificate is not from the fabric's CA");
    }

    @Test
    void withoutAClientCertificateThereIsNoHttpAtAll() throws Exception {
        SSLContext anonymous = SSLContext.getInstance("TLSv1.3");
        anonymous.init(null, TlsMaterial.trustManagers(pki.ca()).getTrustManagers(), null);
        String response;
        try (SSLSocket s = (SSLSocket) anonymous.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            response = exchange(s);
        }
        assertThat(response).doesNotContain("HTTP/");
        assertThat(api.calls()).isEmpty();
        awaitLog("TLS handshake failed: no client certificate");
    }

    @Test
    void plainHttpGetsNoResponseAndTheConnectionCloses() throws Exception {
        String response;
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            response = exchange(s);
        }
        assertThat(response).doesNotContain("HTTP/");
        assertThat(api.calls()).isEmpty();
        awaitLog("not TLS (a plain TCP or HTTP client?)");
    }

    @Test
    void opensslWithoutACertificateGetsNoApplicationDataAndWithOneGetsTheStatus() throws Exception {
        String without = openssl(List.of());
        assertThat(without).doesNotContain("HTTP/1.1");
        String with = openssl(List.of("-cert", pki.operator("alice").certificate().toString(),
                "-key", pki.operator("alice").key().toString()));
        assertThat(with).as("the same command with an operator certificate is served").contains("HTTP/1.1 200").contains("\"schema\"");
        assertThat(api.calls()).containsExactly("list");
    }

    private String openssl(List<String> credentials) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + server.port(),
                "-tls1_3", "-CAfile", pki.ca().toString(), "-ign_eof"));
        cmd.addAll(credentials);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write("GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException refusedEarly) {
            // openssl may have given up already (the server refused it): what it printed is the answer
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException("openssl s_client did not finish in 30 s");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Sends a valid API request and returns whatever comes back until the server closes (an exception counts as closed). */
    private static String exchange(Socket s) {
        try {
            s.getOutputStream().write("GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return readAll(s.getInputStream());
        } catch (IOException e) {
            return "";
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            if (out.size() == 0) {
                throw e;
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private void awaitLog(String text) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(logText()).contains(text));
    }
}
