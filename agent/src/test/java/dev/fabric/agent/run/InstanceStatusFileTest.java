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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void whatIsRenderedParsesBackWithoutTouchingADisk() {
        FailureHistory crashed = new FailureHistory(3, Instant.parse("2026-11-24T04:10:00Z"), "crashed");
        String text = InstanceStatusFile.render(Map.of(WEB0, crashed), Map.of(WEB0, Health.unhealthy("no answer"), WEB1, Health.HEALTHY));

        InstanceStatusFile.Contents c = InstanceStatusFile.parse(text);
        assertThat(c.histories()).containsExactly(Map.entry(WEB0, crashed));
        assertThat(c.health()).containsOnly(Map.entry(WEB0, Health.unhealthy("no answer")), Map.entry(WEB1, Health.HEALTHY));
        assertThat(InstanceStatusFile.parse("")).isEqualTo(InstanceStatusFile.Contents.EMPTY);
    }

    @Test
    void aDamagedLineIsNamedByItsNumber() {
        String good = "farm\tWeb\t0\t1\t2026-11-24T04:00:00Z\tcrashed\tHEALTHY\t\n";
        assertThatThrownBy(() -> InstanceStatusFile.parse(good + "farm\tWeb\t1\tmany\t2026-11-24T04:00:00Z\tcrashed\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("2: not a status line");
        assertThatThrownBy(() -> InstanceStatusFile.parse(good + "\n" + "{\"format\": 3}\n"))
                .hasMessageStartingWith("3: not a status line (expected 8 (or 6) tab-separated fields, found 1)");
        assertThatThrownBy(() -> InstanceStatusFile.parse("farm\tWeb\t0\t1\tyesterday\tcrashed\n"))
                .hasMessageStartingWith("1: not a status line");
    }

    @Test
    void loadSaysWhichFileIsDamagedWhileTheDisplayReadersShowNothing() throws Exception {
        Path file = tmp.resolve("instances.status");
        InstanceStatusFile f = new InstanceStatusFile(file);
        assertThat(f.load()).as("no file yet: a fresh agent").isEqualTo(InstanceStatusFile.Contents.EMPTY);

        Files.writeString(file, "farm\tWeb\t0\t2\n");
        assertThatThrownBy(f::load).isInstanceOf(InstanceStatusFile.UnreadableException.class)
                .hasMessageStartingWith(file + ":1: not a status line");
        assertThat(f.read()).isEmpty();
    }
}
