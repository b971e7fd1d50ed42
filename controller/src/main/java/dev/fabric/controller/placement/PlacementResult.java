package dev.fabric.controller.placement;

/** Either a plan, or a refusal that says why and changes nothing. */
public sealed interface PlacementResult permits PlacementResult.Placed, PlacementResult.Refused {
    record Placed(PlacementPlan plan) implements PlacementResult {
    }

    /** @param reason for people: which role did not fit and what every live host has free */
    record Refused(String reason) implements PlacementResult {
    }
}
