package dev.fabric.controller.liveness;

import java.util.Map;

/**
 * Reincarnation only while the controller hears a strict majority of the inventory's hosts. A
 * controller cut off from most hosts cannot tell "they died" from "I am isolated"; moving everything
 * would then start second copies of instances that still run. Decision 0620.
 */
public final class ReincarnationGate {
    private ReincarnationGate() {
    }

    /** @param states every inventory host's state (as {@link HostLiveness#states()} gives them) */
    public static GateDecision check(Map<String, HostState> states) {
        int up = (int) states.values().stream().filter(s -> s == HostState.UP).count();
        return new GateDecision(2 * up > states.size(), up, states.size());
    }
}
