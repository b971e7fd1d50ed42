package dev.fabric.agent.fence;

/** Whether this host must keep its instances stopped, and why, for the log and status. */
public record FenceDecision(boolean fenced, String reason) {
}
