package dev.fabric.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetAddressTest {

    @TempDir
    Path dir;

    @Test
    void readsLiteralsWithoutAnyLookup() throws IOException {
        Path none = dir.resolve("hosts");
        assertThat(TargetAddress.parse("10.213.0.10", none).getHostAddress()).isEqualTo("10.213.0.10");
        assertThat(TargetAddress.parse("fd00::a", none).getHostAddress()).isEqualTo("fd00:0:0:0:0:0:0:a");
        assertThat(TargetAddress.parse("[::1]", none).isLoopbackAddress()).isTrue();
    }

    @Test
    void namesComeOnlyFromTheHostsFile() throws IOException {
        Path hosts = Files.writeString(dir.resolve("hosts"), "# lab\n10.213.0.10  web-0 Web-Zero  # first\n::1 v6-local\n");
        assertThat(TargetAddress.parse("web-0", hosts).getHostAddress()).isEqualTo("10.213.0.10");
        assertThat(TargetAddress.parse("web-zero", hosts).getHostAddress()).isEqualTo("10.213.0.10");
        assertThat(TargetAddress.parse("v6-local", hosts).isLoopbackAddress()).isTrue();
        assertThatThrownBy(() -> TargetAddress.parse("first", hosts)).hasMessageContaining("not a name in");
    }

    @Test
    void refusesWhatIsNotOneHost() {
        Path none = dir.resolve("hosts");
        assertThatThrownBy(() -> TargetAddress.parse("0.0.0.0", none)).hasMessageContaining("is not the address of one host");
        assertThatThrownBy(() -> TargetAddress.parse("224.0.0.1", none)).hasMessageContaining("is not the address of one host");
        assertThatThrownBy(() -> TargetAddress.parse("10.0.0.0/24", none)).hasMessageContaining("neither an IP address nor a host name");
        assertThatThrownBy(() -> TargetAddress.parse("1.2.3", none)).hasMessageContaining("is not a valid IPv4 address");
        assertThatThrownBy(() -> TargetAddress.parse("fd00:::1::2", none)).hasMessageContaining("is not a valid IP address");
        assertThatThrownBy(() -> TargetAddress.parse("", none)).hasMessageContaining("neither");
    }
}
