package dev.fabric.agent.libvirt;

import java.time.Duration;

/** Whether a probe guest of some virt type printed its marker, how long that took, and what happened otherwise. */
public record ProbeResult(boolean ran, Duration elapsed, String detail) {
    public static ProbeResult ran(Duration elapsed) {
        return new ProbeResult(true, elapsed, "probe guest printed its marker after " + elapsed.toMillis() + " ms");
    }

    public static ProbeResult failed(Duration elapsed, String detail) {
        return new ProbeResult(false, elapsed, detail);
    }
}
