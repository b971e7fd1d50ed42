package dev.fabric.agent.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleLogsTest {
    @TempDir
    Path dir;

    @Test
    void deletesOnlyLogsOfFabricDomainsThatAreGoneAndUnwanted() throws Exception {
        for (String f : new String[] {"fabric.web.WebRole.0.log", "fabric.web.WebRole.1.log", "fabric.old.Worker.0.log",
                "someone-else.log", "fabric.web.notes.txt"}) {
            Files.writeString(dir.resolve(f), "console");
        }
        ConsoleLogs logs = new ConsoleLogs(dir);

        assertThat(logs.sweep(Set.of("fabric.web.WebRole.0", "fabric.web.WebRole.1"))).containsExactly("fabric.old.Worker.0");

        assertThat(dir.resolve("fabric.old.Worker.0.log")).doesNotExist();
        assertThat(dir.resolve("fabric.web.WebRole.0.log")).exists();
        assertThat(dir.resolve("someone-else.log")).exists();
        assertThat(dir.resolve("fabric.web.notes.txt")).exists();
        assertThat(logs.anyLeft("fabric.old.")).isFalse();
        assertThat(logs.anyLeft("fabric.web.")).isTrue();
    }

    @Test
    void aMissingDirectoryIsNothingToSweep() {
        ConsoleLogs logs = new ConsoleLogs(dir.resolve("never-made"));
        assertThat(logs.sweep(Set.of())).isEmpty();
        assertThat(logs.anyLeft("fabric.")).isFalse();
    }
}
