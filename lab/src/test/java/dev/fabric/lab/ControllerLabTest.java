package dev.fabric.lab;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fabric end to end (decision 0680): a controller and three hosts, each host a network namespace
 * with its own libvirtd and a managed agent; examples/webfarm deployed through the REST API, isolation
 * across hosts, power loss with reincarnation, partition with self-fencing and never two copies, heal,
 * a controller restart and outage that stop nothing, delete. All checked with real TCP by
 * lab/scripts/fabric-check.sh (one "check:" line per assertion). Runs only in the lab ({@code ./lab.sh test}).
 */
@EnabledIfSystemProperty(named = "fabric.lab", matches = "ready")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControllerLabTest {
    private final Path repo = LabPaths.repoRoot();

    @AfterAll
    void tearDownEvenAfterATimeout() throws Exception {
        new ProcessBuilder("bash", "lab/scripts/hosts-down.sh").directory(repo.toFile()).inheritIO().start().waitFor(2, TimeUnit.MINUTES);
    }

    @Test
    void aControllerAndThreeHostsPlaceMoveFenceAndKeepEverything() throws Exception {
        Path log = Files.createTempFile("fabric-check-", ".log");
        Process check = new ProcessBuilder("bash", "lab/scripts/fabric-check.sh").directory(repo.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        check.getOutputStream().close();
        boolean finished = check.waitFor(15, TimeUnit.MINUTES);
        if (!finished) {
            check.destroyForcibly().waitFor();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println("lab: fabric-check.sh output:\n" + out);
        assertThat(finished).as("fabric-check.sh finished within 15 minutes").isTrue();
        assertThat(out).doesNotContain("check: FAILED");
        assertThat(out).contains(
                "check: ok: fabric deploy webfarm --wait: every instance running and serving",
                "check: ok: placement: one instance per fault domain",
                "(a peer on another host): 'open ",
                "check: ok: outside -> the worker's internal endpoint",
                "check: ok: fabric verify webfarm --from fabric-ext through the controller: exit 0",
                "check: ok: fabric verify report: WebRole.0/1 reach 8080 only, the worker nothing",
                "check: ok: openssl s_client without a certificate -> controller port 7000: nothing",
                "check: ok: openssl s_client without a certificate -> controller port 7443: nothing",
                "WebRole.1 serves again at",
                "it rejoined and removed its old copy",
                "it fenced itself",
                "never twice",
                "check: ok: controller restart: the same instances on the same hosts and addresses",
                "check: ok: controller restart: no guest restarted",
                "check: ok: controller down for 10 s (lease 3 s): all 3 instances still run",
                "check: ok: fabric delete webfarm: no domain left on any host",
                "check: all checks passed",
                "lab: down: multi-host lab is down");
        assertThat(check.exitValue()).as("fabric-check.sh exit code").isZero();
        for (String ns : List.of("fabric-h1", "fabric-h2", "fabric-h3", "fabric-ctl", "fabric-ext", "fabric-net")) {
            assertThat(Path.of("/run/netns", ns)).as("namespace %s after the check", ns).doesNotExist();
        }
        assertThat(Path.of("/var/lib/fabric-lab/ctl")).doesNotExist();
        Files.deleteIfExists(log);
    }
}
