package dev.fabric.servicedef.resolve;

import dev.fabric.servicedef.model.PortRange;

import java.util.ArrayList;
import java.util.List;

/**
 * Assigns the ports a definition leaves to the platform (InputEndpoint localPort="*", an
 * InternalEndpoint without a port): per role, in declaration order, the lowest port from
 * {@link #FIRST} upward that the role does not already use. The same definition always gets the
 * same ports, so a re-deployment does not move them (decision 0103).
 */
final class DynamicPorts {
    static final int FIRST = 20000;

    private final List<PortRange> used = new ArrayList<>();

    /** Ports the role declares itself; {@code ports} covering everything (protocol any) are skipped by the caller. */
    void reserve(PortRange ports) {
        used.add(ports);
    }

    /** The next free port, or -1 when 20000-65535 are all taken. */
    int next() {
        for (int port = FIRST; port <= 65535; port++) {
            if (!isUsed(port)) {
                used.add(PortRange.single(port));
                return port;
            }
        }
        return -1;
    }

    private boolean isUsed(int port) {
        for (PortRange r : used) {
            if (port >= r.min() && port <= r.max()) {
                return true;
            }
        }
        return false;
    }
}
