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
 * The multi-host lab (decision 0640) end to end with today's stand-alone agents: three hosts, each a
 * network namespace with its own libvirtd in its own mount namespace, one small deployment per host,
 * then routing across hosts, {@code ./lab.sh fail h2}, {@code partition h3}, {@code heal h3} and
 * {@code power-on h2}, all checked with real TCP by lab/scripts/hosts-check.sh (one "check:" line per
 * assertion). Runs only in the lab ({@code ./lab.sh test}); the script tears its lab down itself.
 */
@EnabledIfSystemProperty(named = "fabric.lab", matches = "ready")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostsLabTest {
    private final Path repo = LabPaths.repoRoot();

    @AfterAll
    void tearDownEvenAfterATimeout() throws Exception {
        new ProcessBuilder("bash", "lab/scripts/hosts-down.sh").directory(repo.toFile()).inheritIO().start().waitFor(2, TimeUnit.MINUTES);
    }

    @Test
    void threeHostsRouteFailPartitionHealAndPowerOnAsTheLabCommandsSay() throws Exception {
        Path log = Files.createTempFile("fabric-hosts-check-", ".log");
        Process check = new ProcessBuilder("bash", "lab/scripts/hosts-check.sh").directory(repo.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        check.getOutputStream().close();
        boolean finished = check.waitFor(8, TimeUnit.MINUTES);
        if (!finished) {
            check.destroyForcibly().waitFor();
        }
        String out = read(log);
        System.out.println("lab: hosts-check.sh output:\n" + out);
        assertThat(finished).as("hosts-check.sh finished within 8 minutes").isTrue();
        assertThat(out).doesNotContain("check: FAILED");
        assertThat(out.lines().filter(l -> l.startsWith("check: ok: ")).count()).as("checks that passed").isEqualTo(39);
        assertThat(out).contains(
                "check: ok: outside -> h1 guest 10.213.1.10:8080: 'fabric lab guest site1.Web.0 port 8080'",
                "check: ok: outside -> h3 public port 10.214.0.13:80: 'fabric lab guest site3.Web.0 port 8080'",
                "check: ok: libvirtd of h2 knows only its own domain: fabric.site2.Web.0",
                "check: ok: h1 guest -> h2 guest's input port 8080 (cross-host route): 'open 10.213.2.10 8080'",
                "check: ok: h1 guest -> h2 guest's internal endpoint 9000 (refused today: not a local peer): 'closed 10.213.2.10 9000'",
                "check: ok: fail h2: none of its processes left",
                "check: ok: after fail h2: outside -> h2 guest: no answer",
                "check: ok: after fail h2: outside -> h1 guest",
                "check: ok: partitioned h3 -> controller: no answer",
                "check: ok: h1 -> controller while h3 is partitioned: 'controller'",
                "check: ok: outside -> partitioned h3's public port",
                "check: ok: healed h3 -> controller: 'controller'",
                "check: ok: power-on h2: its guest serves again",
                "check: all checks passed",
                "lab: down: multi-host lab is down");
        assertThat(check.exitValue()).as("hosts-check.sh exit code").isZero();
        for (String ns : List.of("fabric-h1", "fabric-h2", "fabric-h3", "fabric-ctl", "fabric-ext", "fabric-net")) {
            assertThat(Path.of("/run/netns", ns)).as("namespace %s after the check", ns).doesNotExist();
        }
        assertThat(Path.of("/var/lib/fabric-lab/hosts")).doesNotExist();
        Files.deleteIfExists(log);
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
