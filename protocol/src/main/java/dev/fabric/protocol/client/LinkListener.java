package dev.fabric.protocol.client;

import dev.fabric.protocol.v1.DesiredState;
import dev.fabric.protocol.v1.HeartbeatAck;
import dev.fabric.protocol.v1.Refusal;
import dev.fabric.protocol.v1.VerifyRequest;
import dev.fabric.protocol.v1.Welcome;

import java.time.Instant;

/**
 * What the agent hears from its link. Calls come from the link's event loop thread, in order per
 * connection; {@code session} numbers connections so a listener can tell an ack of this connection from
 * one of an earlier connection.
 */
public interface LinkListener {
    void onWelcome(long session, Welcome welcome);

    void onRefused(Refusal refusal);

    void onDesiredState(long session, DesiredState state);

    /** The controller acknowledged the heartbeat this agent sent at {@code sentAt}: the lease runs from then. */
    void onLeaseRenewed(long session, Instant sentAt, HeartbeatAck ack);

    void onDisconnected(String reason);

    /**
     * The controller asks for a bridge-probe verification (0690); answer with {@link LinkClient#send(
     * dev.fabric.protocol.v1.VerifyResult)} from another thread (a scan takes seconds). A listener that cannot
     * verify ignores it, and the controller reports the host as not answering.
     */
    default void onVerifyRequest(long session, VerifyRequest request) {
    }
}
