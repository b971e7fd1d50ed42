package dev.fabric.protocol.server;

import dev.fabric.protocol.tls.PeerIdentity;
import dev.fabric.protocol.v1.Heartbeat;
import dev.fabric.protocol.v1.HeartbeatAck;
import dev.fabric.protocol.v1.Hello;
import dev.fabric.protocol.v1.StatusReport;
import dev.fabric.protocol.v1.VerifyResult;

import java.net.SocketAddress;

/**
 * What the controller does with agent sessions. Every call runs on the session's Netty event loop: it
 * must be quick and must not block (hand slow work to another thread). The server has already checked
 * the TLS chain, the protocol version, that the certificate is a host's ({@code OU=host}) and that the
 * Hello names the certificate's CN.
 */
public interface AgentLinkHandler {
    /** Whether this host may join (e.g. it is in the inventory). */
    Admission admit(PeerIdentity identity, Hello hello, SocketAddress remote);

    /** After the Welcome went out: the place to push the host its desired state. */
    void onAdmitted(AgentSession session);

    /** Renews the host's lease; the answer goes back to the agent as is. */
    HeartbeatAck onHeartbeat(AgentSession session, Heartbeat heartbeat);

    void onStatus(AgentSession session, StatusReport report);

    /** The answer to a {@link AgentSession#verify verify request} (0690); ignored by handlers that send none. */
    default void onVerifyResult(AgentSession session, VerifyResult result) {
    }

    /** The session ended (agent gone, idle, refused message, server closing); called once per admitted session. */
    void onClosed(AgentSession session, String reason);
}
