package dev.fabric.lab.isolation;

import dev.fabric.lab.probe.CommandResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class ScanVerdictTest {
    static CommandResult result(int exit, String stdout) {
        return new CommandResult(List.of("./fabric", "scan"), exit, stdout, "");
    }

    @Test
    void withExpectedPortsTheExitCodeDecides() {
        var ok = ScanVerdict.of(result(0, "8080/tcp open\n10.213.0.10: 65535 ports scanned\nas expected\n"), new TreeSet<>(List.of(8080)));
        var differs = ScanVerdict.of(result(1, "22/tcp open\n8080/tcp open\nunexpectedly open: 22\n"), new TreeSet<>(List.of(8080)));
        assertThat(ok.asExpected()).isTrue();
        assertThat(ok.open()).containsExactly(8080);
        assertThat(differs.asExpected()).isFalse();
        assertThat(differs.open()).containsExactly(22, 8080);
    }

    @Test
    void nothingExpectedMeansNoOpenLineAndSuccess() {
        assertThat(ScanVerdict.of(result(0, "10.213.0.12: 65535 ports scanned: 0 open\n"), new TreeSet<>()).asExpected()).isTrue();
        assertThat(ScanVerdict.of(result(0, "9000/tcp open\n"), new TreeSet<>()).asExpected()).isFalse();
        assertThat(ScanVerdict.of(result(2, ""), new TreeSet<>()).asExpected()).isFalse();
    }
}
