package dev.fabric.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControllerOptionParsingTest {
    @Test
    void durationsAsPeopleWriteThem() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("300s")).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.convert("300")).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.convert("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.convert("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> c.convert("5 minutes")).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("'5 minutes' is not a duration");
    }

    @Test
    void controllerAddresses() {
        assertThat(ControllerClient.baseUri("10.213.255.1:7443")).hasToString("https://10.213.255.1:7443");
        assertThat(ControllerClient.baseUri("[fd00::1]:7443")).hasToString("https://[fd00::1]:7443");
        assertThat(ControllerClient.baseUri("controller.lab:443")).hasToString("https://controller.lab:443");
        for (String bad : new String[] {"10.213.255.1", "host:0", "host:65536", "https://host:7443", ":7443", "a b:1"}) {
            assertThatThrownBy(() -> ControllerClient.baseUri(bad)).as(bad).isInstanceOf(ControllerError.class)
                    .hasMessageContaining("is not HOST:PORT");
        }
    }
}
