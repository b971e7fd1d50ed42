package dev.fabric.agent.fence;

/**
 * Whether this host must keep its instances stopped, and why, for the log and status.
 *
 * @param mayStart whether the host may start (or restart) instances: a managed agent that has not yet
 *                 received the controller's desired state in this process keeps what runs but starts
 *                 nothing, because the state it stored before a power loss may name instances the
 *                 controller has since placed elsewhere
 */
public record FenceDecision(boolean fenced, String reason, boolean mayStart) {
    public FenceDecision(boolean fenced, String reason) {
        this(fenced, reason, !fenced);
    }
}
