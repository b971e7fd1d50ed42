package dev.fabric.firewall.compile;

/** The deployments cannot share this host as placed (a clash of addresses, taps or public ports, ...). */
public final class FirewallCompileException extends IllegalArgumentException {
    public FirewallCompileException(String message) {
        super(message);
    }
}
