package dev.fabric.agent.reconcile;

/**
 * What the health probe last said about a running instance. {@code UNKNOWN} while it boots or before
 * the first probe; only {@code UNHEALTHY} leads to a restart.
 */
public record Health(Status status, String reason) {
    public enum Status { HEALTHY, UNHEALTHY, UNKNOWN }

    public static final Health HEALTHY = new Health(Status.HEALTHY, "");
    public static final Health UNKNOWN = new Health(Status.UNKNOWN, "");

    public static Health unhealthy(String reason) {
        return new Health(Status.UNHEALTHY, reason);
    }
}
