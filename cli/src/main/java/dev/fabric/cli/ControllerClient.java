package dev.fabric.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fabric.controller.api.DeploymentView;
import dev.fabric.controller.api.HostView;
import dev.fabric.controller.api.StatusView;
import dev.fabric.controller.api.VerifyView;
import dev.fabric.pki.PkiException;
import dev.fabric.pki.TlsMaterial;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The controller's REST API over HTTPS (JDK HttpClient, TLS 1.3), presenting an operator certificate and trusting
 * only the fabric's CA. The controller's certificate must name the address we dial (fabric ca issue --controller
 * --address ...). Every failure becomes a {@link ControllerError} for people.
 */
final class ControllerClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Above the controller's own wait for its hosts' scans (60 s + 15 s per further instance on a host). */
    static final Duration VERIFY_TIMEOUT = Duration.ofMinutes(30);

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final HttpClient http;
    private final URI base;
    private final String controller;
    private final String credentials;

    private ControllerClient(HttpClient http, URI base, String controller, String credentials) {
        this.http = http;
        this.base = base;
        this.controller = controller;
        this.credentials = credentials;
    }

    static ControllerClient connect(String controller, Path pki, String operator) {
        URI base = baseUri(controller);
        Path ca = pki.resolve("ca.crt");
        Path cert = pki.resolve("operators").resolve(operator + ".crt");
        Path key = pki.resolve("operators").resolve(operator + ".key");
        for (Path f : List.of(ca, cert, key)) {
            if (!Files.isReadable(f)) {
                throw new ControllerError(2, "cannot read " + f + (Files.exists(f) ? " (permissions?)" : " (missing)")
                        + "; an operator needs ca.crt and operators/NAME.{crt,key} from the fabric's CA: fabric ca issue --dir "
                        + pki + " --operator " + operator + " (or set --pki, --operator)");
            }
        }
        SSLContext tls;
        try {
            tls = TlsMaterial.context(cert, key, ca);
        } catch (PkiException e) {
            throw new ControllerError(2, e.getMessage());
        }
        HttpClient http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).build();
        return new ControllerClient(http, base, controller, "operator certificate " + cert + ", trusting " + ca);
    }

    /** {@code HOST:PORT} or {@code [IPv6]:PORT}. */
    static URI baseUri(String controller) {
        int colon = controller.lastIndexOf(':');
        String host = colon < 0 ? "" : controller.substring(0, colon);
        String port = colon < 0 ? "" : controller.substring(colon + 1);
        boolean hostOk = host.matches("[A-Za-z0-9.-]+") || host.matches("\\[[0-9A-Fa-f:.]+]");
        if (!hostOk || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new ControllerError(2, "--controller '" + controller + "' is not HOST:PORT (e.g. 10.213.255.1:7443 or [fd00::1]:7443)");
        }
        return URI.create("https://" + host + ":" + port);
    }

    DeploymentView deploy(String name, String csdef, String cscfg) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("csdef", csdef);
        body.put("cscfg", cscfg);
        return parse(send("POST", "/v1/deployments", body), DeploymentView.class);
    }

    DeploymentView get(String name) {
        return parse(send("GET", "/v1/deployments/" + name, null), DeploymentView.class);
    }

    DeploymentView scale(String name, String role, int count) {
        return parse(send("PUT", "/v1/deployments/" + name + "/roles/" + role, Map.of("instances", count)), DeploymentView.class);
    }

    DeploymentView delete(String name) {
        return parse(send("DELETE", "/v1/deployments/" + name, null), DeploymentView.class);
    }

    /**
     * Asks the controller for every host's bridge scan (0690). The controller waits for its hosts (60 s and more
     * for hosts with several instances), so this request may take minutes.
     */
    VerifyView verify(String name, String ports, long timeoutMs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ports", ports);
        body.put("timeoutMs", timeoutMs);
        return parse(send("POST", "/v1/deployments/" + name + "/verify", body, VERIFY_TIMEOUT), VerifyView.class);
    }

    List<HostView> hosts() {
        try {
            return JSON.readValue(send("GET", "/v1/hosts", null), new TypeReference<List<HostView>>() { });
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** The status document as the controller wrote it (what {@code status --json} prints), and parsed. */
    record Status(String json, StatusView view) {
    }

    Status status() {
        String json = send("GET", "/v1/status", null);
        return new Status(json, parse(json, StatusView.class));
    }

    private <T> T parse(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private ControllerError unreadable(IOException e) {
        return new ControllerError(1, "the controller at " + controller + " answered something this fabric cannot read: "
                + e.getMessage() + " (a different version?)");
    }

    private String send(String method, String path, Object body) {
        return send(method, path, body, REQUEST_TIMEOUT);
    }

    private String send(String method, String path, Object body, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Accept", "application/json");
        try {
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                        .header("Content-Type", "application/json");
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 == 2) {
                return r.body();
            }
            throw refusal(method, path, r);
        } catch (HttpConnectTimeoutException e) {
            throw new ControllerError(1, "cannot reach the controller at " + controller + ": no answer within "
                    + CONNECT_TIMEOUT.toSeconds() + " s (wrong --controller or FABRIC_CONTROLLER? a firewall?)");
        } catch (HttpTimeoutException e) {
            throw new ControllerError(1, "the controller at " + controller + " did not answer " + method + " " + path
                    + " within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new ControllerError(1, "cannot reach the controller at " + controller + ": connection refused"
                    + " (is 'fabric controller run' running there? set --controller or FABRIC_CONTROLLER)");
        } catch (SSLException e) {
            throw tlsFailure(e);
        } catch (IOException e) {
            SSLException ssl = sslCause(e);
            if (ssl != null) {
                throw tlsFailure(ssl);
            }
            throw new ControllerError(1, "the connection to the controller at " + controller + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + " (it closes connections whose certificate it does not accept; " + credentials + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControllerError(1, "interrupted while talking to the controller at " + controller);
        }
    }

    private static SSLException sslCause(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SSLException s) {
                return s;
            }
        }
        return null;
    }

    private ControllerError tlsFailure(SSLException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String lower = why.toLowerCase(java.util.Locale.ROOT);
        String hint = lower.contains("subject alternative") || lower.contains("no name matching")
                ? "; the controller's certificate does not name " + controller
                + ": reissue it with fabric ca issue --controller --address HOST"
                : lower.contains("certification path") ? "; the controller's certificate is not from this fabric's CA" : "";
        return new ControllerError(1, "TLS handshake with the controller at " + controller + " failed: " + why + hint
                + " (" + credentials + ")");
    }

    private ControllerError refusal(String method, String path, HttpResponse<String> r) {
        String message = "the controller refused " + method + " " + path + " (HTTP " + r.statusCode() + ")";
        List<String> details = new ArrayList<>();
        try {
            JsonNode body = JSON.readTree(r.body());
            if (body != null && body.hasNonNull("error")) {
                message = body.get("error").asText();
                body.path("details").forEach(d -> details.add(d.asText()));
            }
        } catch (IOException ignored) {
            // not our JSON: keep the status line
        }
        return new ControllerError(r.statusCode() / 100 == 4 ? Main.EXIT_BAD_INPUT : Main.EXIT_CHECK_FAILED, message, details);
    }
}
