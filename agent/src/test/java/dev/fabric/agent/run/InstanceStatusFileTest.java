package dev.fabric.agent.run;

import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.reconcile.FailureHistory;
import dev.fabric.agent.reconcile.Health;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceStatusFileTest {
    @TempDir
    Path tmp;

    private static final InstanceId WEB0 = new InstanceId("farm", "Web", 0);
    private static final InstanceId WEB1 = new InstanceId("farm", "Web", 1);

    @Test
    void restartsAndHealthVerdictsAreReadBackByAnotherReader() {
        Path file = tmp.resolve("instances.status");
        FailureHistory restarted = new FailureHistory(2, Instant.parse("2026-11-24T04:00:00Z"), "unhealthy: tcp 8080:\trefused");
        new InstanceStatusFile(file).write(Map.of(WEB1, restarted),
                Map.of(WEB0, Health.HEALTHY, WEB1, Health.unhealthy("tcp 8080: connection refused 3 times\nsince 04:00:00")));

        InstanceStatusFile reader = new InstanceStatusFile(file);
        assertThat(reader.read()).as("only instances with a restart history")
                .containsExactly(Map.entry(WEB1, new FailureHistory(2, restarted.lastRestart(), "unhealthy: tcp 8080: refused")));
        assertThat(reader.readHealth()).containsOnly(Map.entry(WEB0, Health.HEALTHY),
                Map.entry(WEB1, Health.unhealthy("tcp 8080: connection refused 3 times since 04:00:00")));
    }

    @Test
    void aFileFromBeforeHealthWasRecordedStillShowsRestartsAndAMissingOrDamagedFileShowsNothing() throws Exception {
        Path file = tmp.resolve("instances.status");
        InstanceStatusFile f = new InstanceStatusFile(file);
        assertThat(f.read()).isEmpty();
        assertThat(f.readHealth()).isEmpty();

        Files.writeString(file, "farm\tWeb\t1\t1\t2026-11-24T04:00:00Z\tcrashed\n");
        assertThat(f.read()).containsOnlyKeys(WEB1);
        assertThat(f.readHealth()).isEmpty();

        Files.writeString(file, "farm\tWeb\t0\t-\t1970-01-01T00:00:00Z\t\tSICK\t?\n");
        assertThat(f.read()).isEmpty();
        assertThat(f.readHealth()).isEmpty();
    }
}
