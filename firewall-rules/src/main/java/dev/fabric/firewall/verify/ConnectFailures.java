package dev.fabric.firewall.verify;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a failed connect as a port state. The JDK maps errno values to a few exception types and
 * keeps the C library's text as the message (ECONNREFUSED and ETIMEDOUT both become
 * {@link ConnectException}), so the message has to tell those two apart.
 */
final class ConnectFailures {

    private ConnectFailures() {
    }

    /** The port state this failure shows, or empty when it says nothing about the port. */
    static Optional<PortState> portState(IOException failure) {
        String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        if (failure instanceof NoRouteToHostException) {
            return Optional.of(PortState.FILTERED); // ICMP host unreachable / admin prohibited
        }
        if (failure instanceof ConnectException) {
            if (message.contains("refused")) {
                return Optional.of(PortState.CLOSED); // RST, or ICMP port unreachable
            }
            if (message.contains("timed out")) {
                return Optional.of(PortState.FILTERED);
            }
            return Optional.empty();
        }
        if (failure instanceof SocketException && message.contains("unreachable")) {
            return Optional.of(PortState.FILTERED); // ICMP network unreachable
        }
        return Optional.empty();
    }

    /**
     * True when the failure is about this process running short (file descriptors, ephemeral
     * ports), so the attempt should be retried once other attempts have finished.
     */
    static boolean isLocalShortage(IOException failure) {
        String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        return failure instanceof BindException
                || message.contains("too many open files")
                || message.contains("cannot assign requested address")
                || message.contains("no buffer space");
    }
}
