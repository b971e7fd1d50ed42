package dev.fabric.lab.isolation;

import dev.fabric.lab.probe.CommandResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScanVerdictTest {
    static CommandResult result(int exit, String stdout) {
        return new CommandResult(List.of("./fabric", "scan"), exit, stdout, "");
    }

    @Test
    void openPortsFromTheOutputAndTheVerdictFromTheExitCode() {
        var ok = ScanVerdict.of(result(0, "8080/tcp open\n10.213.0.10: 65535 ports scanned\nas expected: open ports are exactly 8080\n"));
        var differs = ScanVerdict.of(result(1, "22/tcp open\n8080/tcp open\nunexpectedly open: 22\n"));
        assertThat(ok.asExpected()).isTrue();
        assertThat(ok.open()).containsExactly(8080);
        assertThat(differs.asExpected()).isFalse();
        assertThat(differs.open()).containsExactly(22, 8080);
    }

    @Test
    void noOpenPortAndBadInput() {
        assertThat(ScanVerdict.of(result(0, "as expected: open ports are exactly none\n")).open()).isEmpty();
        assertThat(ScanVerdict.of(result(2, "")).asExpected()).isFalse();
    }
}
