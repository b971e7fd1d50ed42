package dev.fabric.controller.liveness;

/**
 * Whether the controller may reincarnate now.
 *
 * @param heard     inventory hosts that are UP
 * @param inventory hosts in the inventory
 */
public record GateDecision(boolean open, int heard, int inventory) {
    public String reason() {
        return open
                ? "reincarnation allowed: the controller hears " + heard + " of " + inventory + " hosts, a majority"
                : "reincarnation held: the controller hears only " + heard + " of " + inventory + " hosts, not a"
                + " majority; it may be the one cut off, so it moves nothing until it hears at least "
                + (inventory / 2 + 1);
    }
}
