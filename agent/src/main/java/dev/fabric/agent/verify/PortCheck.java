package dev.fabric.agent.verify;

import dev.fabric.firewall.verify.PortSet;

/** What one vantage point should reach on one instance, and what it did reach. */
public record PortCheck(PortSet expected, PortSet reachable) {

    /** Reachable although not expected: the isolation leaks. */
    public PortSet extra() {
        return reachable.minus(expected);
    }

    /** Expected but not reachable: blocked by a rule too many, or the guest does not serve it. */
    public PortSet missing() {
        return expected.minus(reachable);
    }

    public boolean ok() {
        return expected.equals(reachable);
    }

    /** {@code extra 22,2222 missing 8080}, empty when ok. */
    public String difference() {
        StringBuilder b = new StringBuilder();
        if (!extra().isEmpty()) {
            b.append("extra ").append(extra());
        }
        if (!missing().isEmpty()) {
            b.append(b.length() == 0 ? "" : " ").append("missing ").append(missing());
        }
        return b.toString();
    }
}
