package dev.fabric.controller.liveness;

/**
 * Whether a DOWN host's instances may move, by its peer group (0692).
 *
 * @param heard hosts of the group that are UP
 * @param group the host and its neighbours
 */
public record GroupDecision(String host, boolean open, int heard, int group) {
    public String reason() {
        return open
                ? "the controller hears " + heard + " of " + group + " hosts of " + host + "'s peer group, a majority"
                : "the controller hears only " + heard + " of " + group + " hosts of " + host + "'s peer group, not a"
                + " majority: " + host + " may still reach the others and run, so its instances stay until it hears "
                + (group / 2 + 1);
    }
}
