package dev.fabric.controller.placement;

import dev.fabric.controller.model.Assignment;
import dev.fabric.controller.model.InstanceKey;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What to change: instances to add (or to move: an added key that already exists replaces the old
 * assignment) and instances to remove. Existing instances not named here stay where they are.
 */
public record PlacementPlan(List<Assignment> added, List<InstanceKey> removed) {
    public PlacementPlan {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }

    /** The assignments after the plan: removed and replaced ones dropped, added ones appended. */
    public List<Assignment> applyTo(List<Assignment> assignments) {
        Set<InstanceKey> gone = new HashSet<>(removed);
        added.forEach(a -> gone.add(a.instance()));
        List<Assignment> next = new ArrayList<>();
        for (Assignment a : assignments) {
            if (!gone.contains(a.instance())) {
                next.add(a);
            }
        }
        next.addAll(added);
        return next;
    }
}
