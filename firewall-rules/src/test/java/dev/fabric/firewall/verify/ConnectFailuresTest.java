package dev.fabric.firewall.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

class ConnectFailuresTest {

    @Test
    void refusedIsClosedAndSilenceOrUnreachableIsFiltered() {
        assertThat(ConnectFailures.portState(new ConnectException("Connection refused"))).contains(PortState.CLOSED);
        assertThat(ConnectFailures.portState(new ConnectException("Connection timed out"))).contains(PortState.FILTERED);
        assertThat(ConnectFailures.portState(new NoRouteToHostException("No route to host"))).contains(PortState.FILTERED);
        assertThat(ConnectFailures.portState(new SocketException("Network is unreachable"))).contains(PortState.FILTERED);
    }

    @Test
    void otherFailuresSayNothingAboutThePort() {
        assertThat(ConnectFailures.portState(new IOException("Broken pipe"))).isEmpty();
        assertThat(ConnectFailures.portState(new ConnectException("something new"))).isEmpty();
    }

    @Test
    void runningOutOfDescriptorsOrPortsIsALocalShortage() {
        assertThat(ConnectFailures.isLocalShortage(new SocketException("Too many open files"))).isTrue();
        assertThat(ConnectFailures.isLocalShortage(new BindException("Cannot assign requested address"))).isTrue();
        assertThat(ConnectFailures.isLocalShortage(new ConnectException("Connection refused"))).isFalse();
    }
}
