package dev.fabric.controller.store;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.client.ZKClientConfig;

/**
 * Builds the controller's Curator client. One client (one ZooKeeper session) per controller process:
 * the store and, later, the leader latch share it.
 */
public final class ZooKeeperClients {
    /** Long enough to ride out a short GC pause or a ZooKeeper leader change, short enough to fail over. */
    static final int SESSION_TIMEOUT_MS = 15_000;

    private ZooKeeperClients() {
    }

    /**
     * Starts a client for {@code connectString} ({@code host:port,host:port,...}) and waits until it
     * is connected.
     *
     * @throws StoreUnavailableException when no server answered within {@code timeout}
     */
    public static CuratorFramework connect(String connectString, Duration timeout) {
        if (connectString == null || connectString.isBlank()) {
            throw new IllegalArgumentException("ZooKeeper connect string is empty; give host:port[,host:port...]");
        }
        ZKClientConfig config = new ZKClientConfig();
        // No SASL: without a JAAS file the client would only log why it skips it. Transport security is TLS (later).
        config.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "false");
        int timeoutMs = (int) Math.max(1, timeout.toMillis());
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs(SESSION_TIMEOUT_MS)
                .connectionTimeoutMs(timeoutMs)
                // an operation waits up to timeoutMs for a connection per attempt, and tries 3 more times
                .retryPolicy(new ExponentialBackoffRetry(100, 3, 1000))
                // the operator's connect string is the truth; do not let the ensemble rewrite it
                .ensembleTracker(false)
                .zkClientConfig(config)
                .build();
        boolean connected;
        try {
            client.start();
            connected = client.blockUntilConnected(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new StoreUnavailableException("interrupted while connecting to ZooKeeper at " + connectString, e);
        } catch (RuntimeException e) { // e.g. a connect string ZooKeeper cannot parse
            client.close();
            throw new StoreUnavailableException("cannot connect to ZooKeeper at '" + connectString + "': " + e.getMessage(), e);
        }
        if (!connected) {
            client.close();
            throw new StoreUnavailableException("cannot reach ZooKeeper at " + connectString + " within " + timeoutMs
                    + " ms; is it running, and is that its client address (host:port[,host:port...])?");
        }
        return client;
    }
}
