package dev.fabric.firewall.verify;

/** What one TCP connect attempt found out about a port. */
public enum PortState {
    /** The handshake completed: something listens and the firewall let us through. */
    OPEN,
    /** The target (or a firewall on its behalf) answered with a reset or ICMP port unreachable. */
    CLOSED,
    /** No answer within the timeout, or an ICMP host/network unreachable: a firewall dropped it. */
    FILTERED
}
