package dev.fabric.agent.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A real YAML reader for tests: python3's PyYAML {@code safe_load} (the library cloud-init uses), answering as JSON. */
public final class PyYaml {
    private static final String SCRIPT = "import sys, json, yaml\n"
            + "print(json.dumps(yaml.safe_load(sys.stdin.buffer.read().decode('utf-8')), ensure_ascii=True))\n";

    private PyYaml() {
    }

    public static boolean available() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import yaml").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The document as PyYAML reads it; fails the test with PyYAML's message when it is not valid YAML. */
    public static JsonNode load(String yaml) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", SCRIPT).start();
        p.getOutputStream().write(yaml.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("PyYAML rejects:\n" + yaml + "\n" + err).isZero();
        return new ObjectMapper().readTree(out);
    }
}
