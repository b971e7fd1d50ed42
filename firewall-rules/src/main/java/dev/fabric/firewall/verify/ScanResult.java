package dev.fabric.firewall.verify;

import java.net.InetAddress;
import java.time.Duration;

/**
 * The outcome of scanning {@code scanned} ports of {@code target}. Every scanned port is in exactly
 * one of open, closed or filtered; filtered is what is left over.
 *
 * @param concurrency how many attempts were really allowed in flight (may be lower than asked
 *                    when the process has too few file descriptors)
 */
public record ScanResult(InetAddress target, PortSet scanned, PortSet open, PortSet closed,
                         Duration elapsed, int concurrency) {

    public ScanResult {
        if (!scanned.containsAll(open) || !scanned.containsAll(closed)) {
            throw new IllegalArgumentException("open and closed ports must be among the scanned ports");
        }
        if (!closed.minus(open).equals(closed)) {
            throw new IllegalArgumentException("a port cannot be both open and closed");
        }
    }

    public PortSet filtered() {
        return scanned.minus(open).minus(closed);
    }

    public int openCount() {
        return open.size();
    }

    public int closedCount() {
        return closed.size();
    }

    public int filteredCount() {
        return scanned.size() - open.size() - closed.size();
    }

    public PortState stateOf(int port) {
        if (!scanned.contains(port)) {
            throw new IllegalArgumentException("port " + port + " was not scanned");
        }
        return open.contains(port) ? PortState.OPEN : closed.contains(port) ? PortState.CLOSED : PortState.FILTERED;
    }
}
