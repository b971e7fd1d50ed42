package dev.fabric.agent.fence;

/** Asked before every reconcile pass: whether this host must keep its instances stopped. */
@FunctionalInterface
public interface FenceGate {
    /** The stand-alone agent: no lease, never fenced. */
    FenceGate NEVER = () -> new FenceDecision(false, "no controller, no lease");

    FenceDecision decide();
}
