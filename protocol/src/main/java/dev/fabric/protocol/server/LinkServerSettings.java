package dev.fabric.protocol.server;

import java.time.Duration;

/**
 * @param handshakeTimeout how long a new connection has for TLS and its Hello before it is closed
 * @param idleTimeout      how long an admitted session may send nothing (no heartbeat) before it is closed
 * @param workerThreads    event loop threads for sessions (the controller benchmark holds 10,000 on 2)
 */
public record LinkServerSettings(Duration handshakeTimeout, Duration idleTimeout, int workerThreads) {
    public static final LinkServerSettings DEFAULT = new LinkServerSettings(Duration.ofSeconds(5), Duration.ofSeconds(15), 2);
}
