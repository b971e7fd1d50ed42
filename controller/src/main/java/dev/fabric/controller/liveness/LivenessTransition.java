package dev.fabric.controller.liveness;

import java.time.Instant;

/** One change of a host's state, reported once: when it happened and why. */
public record LivenessTransition(String host, HostState from, HostState to, Instant at, String why) {
    @Override
    public String toString() {
        return at + " " + host + ": " + from + " -> " + to + " (" + why + ")";
    }
}
