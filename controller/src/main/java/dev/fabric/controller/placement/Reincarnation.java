package dev.fabric.controller.placement;

import dev.fabric.controller.model.Assignment;
import dev.fabric.controller.model.InstanceKey;

import java.util.List;

/**
 * Where the instances of down hosts go: a new assignment (same key, live host, new address) for each
 * that fits, and the rest as pending with the reason; pending ones keep their old assignment for now.
 */
public record Reincarnation(List<Assignment> moved, List<Pending> pending) {
    public Reincarnation {
        moved = List.copyOf(moved);
        pending = List.copyOf(pending);
    }

    public record Pending(InstanceKey instance, String downHost, String reason) {
    }

    public PlacementPlan plan() {
        return new PlacementPlan(moved, List.of());
    }
}
