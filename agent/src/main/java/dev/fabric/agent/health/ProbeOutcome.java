package dev.fabric.agent.health;

import java.time.Instant;

/**
 * What one probe of one instance found.
 *
 * @param at     when the probe started
 * @param ok     the port accepted the connection (tcp) or the path answered 200 (http)
 * @param detail for people: "ok", "connection refused", "no answer within 5 s", "HTTP 500", ...
 */
public record ProbeOutcome(Instant at, boolean ok, String detail) {
    public static ProbeOutcome ok(Instant at) {
        return new ProbeOutcome(at, true, "ok");
    }

    public static ProbeOutcome failed(Instant at, String detail) {
        return new ProbeOutcome(at, false, detail);
    }
}
