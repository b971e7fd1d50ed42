package dev.fabric.protocol.server;

import dev.fabric.protocol.v1.Welcome;

import java.util.Optional;

/** The controller's answer to a Hello: welcome (with lease and heartbeat interval) or a refusal and why. */
public record Admission(Optional<Welcome> welcome, String refusal) {
    public static Admission accept(Welcome welcome) {
        return new Admission(Optional.of(welcome), "");
    }

    public static Admission refuse(String reason) {
        return new Admission(Optional.empty(), reason);
    }
}
