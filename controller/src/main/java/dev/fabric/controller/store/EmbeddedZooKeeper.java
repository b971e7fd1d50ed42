package dev.fabric.controller.store;

import java.io.File;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone ZooKeeper server inside the controller's process (decision 0630), so one command
 * starts a working controller. Built from {@link ZooKeeperServer} and a {@link ServerCnxnFactory}
 * rather than {@code ZooKeeperServerMain}: startup is synchronous (errors are thrown here, not logged
 * on a thread), port 0 tells us the port it got, the bind address is ours to choose, and no admin
 * server (Jetty) is ever created.
 *
 * <p>Listens on 127.0.0.1 only. Snapshots go to {@code DIR/data}, the transaction log to
 * {@code DIR/datalog}; ZooKeeper fsyncs the log before it acknowledges a write, and on start it
 * replays the newest valid snapshot plus the log, skipping a torn snapshot or a torn log tail that a
 * crash left; a log file cut off inside its header is set aside first ({@link TornLogFiles}). Old
 * snapshots and logs are purged at start and every hour, keeping the newest {@value #SNAPSHOTS_KEPT}
 * ({@link SnapshotPurger}). Four-letter words are off except {@code srvr}, which ZooKeeper hard-wires.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedZooKeeper.class);
    static final int SNAPSHOTS_KEPT = 3;
    private static final long PURGE_PERIOD_MINUTES = 60;
    private static final int TICK_MS = 2000;
    /** ZooKeeper counts connections per client address; every client here comes from 127.0.0.1. */
    private static final int MAX_CONNECTIONS_PER_ADDRESS = 100;
    private static final String FOUR_LETTER_WORDS = "zookeeper.4lw.commands.whitelist";
    /** Connections in total (ZooKeeper warns when it is unset or 0, meaning no limit). */
    private static final String MAX_CONNECTIONS = "zookeeper.maxCnxns";

    private final Path directory;
    private final DataDirectoryLock lock;
    private final FileTxnSnapLog snapLog;
    private final ServerCnxnFactory connections;
    private final SnapshotPurger purger;
    private final Duration startupTime;
    private final int port;
    private boolean closed;

    private EmbeddedZooKeeper(Path directory, DataDirectoryLock lock, FileTxnSnapLog snapLog,
                              ServerCnxnFactory connections, SnapshotPurger purger, Duration startupTime) {
        this.directory = directory;
        this.lock = lock;
        this.snapLog = snapLog;
        this.connections = connections;
        this.purger = purger;
        this.startupTime = startupTime;
        this.port = connections.getLocalPort();
    }

    /**
     * Starts a server keeping its files under {@code directory} (created if missing) and listening on
     * 127.0.0.1:{@code port}; port 0 picks a free port, {@link #port()} tells which.
     *
     * @throws StoreUnavailableException when the port is taken, the directory is locked by another
     *         running controller, or the stored data cannot be loaded
     */
    public static EmbeddedZooKeeper start(Path directory, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("ZooKeeper port must be 0..65535, was " + port);
        }
        long started = System.nanoTime();
        Path dir = directory.toAbsolutePath().normalize();
        createDirectories(dir);
        if (System.getProperty(FOUR_LETTER_WORDS) == null) {
            System.setProperty(FOUR_LETTER_WORDS, ""); // empty list: only the hard-wired srvr stays on
        }
        if (System.getProperty(MAX_CONNECTIONS) == null) {
            System.setProperty(MAX_CONNECTIONS, "1000");
        }
        DataDirectoryLock lock = DataDirectoryLock.acquire(dir);
        FileTxnSnapLog snapLog = null;
        ServerCnxnFactory connections = null;
        try {
            File snapshots = createDirectories(dir.resolve("data")).toFile();
            File log = createDirectories(dir.resolve("datalog")).toFile();
            TornLogFiles.setAside(log.toPath().resolve("version-2"), dir.resolve("torn"));
            snapLog = new FileTxnSnapLog(log, snapshots);
            ZooKeeperServer server = new ZooKeeperServer(snapLog, TICK_MS, "");
            connections = bind(port);
            connections.startup(server); // loads snapshot + log, then serves
            SnapshotPurger purger = new SnapshotPurger(snapLog, SNAPSHOTS_KEPT);
            purger.start(PURGE_PERIOD_MINUTES);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            EmbeddedZooKeeper zk = new EmbeddedZooKeeper(dir, lock, snapLog, connections, purger, took);
            LOG.info("embedded ZooKeeper on {} with data in {} (started in {} ms)", zk.connectString(), dir, took.toMillis());
            return zk;
        } catch (IOException e) {
            cleanUp(connections, snapLog, lock);
            throw new StoreUnavailableException("embedded ZooKeeper cannot load its data from " + dir + ": " + e.getMessage()
                    + "; the files under " + dir + " may be damaged (keep a copy before touching them)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cleanUp(connections, snapLog, lock);
            throw new StoreUnavailableException("interrupted while starting the embedded ZooKeeper", e);
        } catch (RuntimeException e) {
            cleanUp(connections, snapLog, lock);
            throw e;
        }
    }

    private static ServerCnxnFactory bind(int port) throws IOException {
        InetSocketAddress address = new InetSocketAddress(loopback(), port);
        try {
            return ServerCnxnFactory.createFactory(address, MAX_CONNECTIONS_PER_ADDRESS);
        } catch (BindException e) {
            throw new StoreUnavailableException("embedded ZooKeeper cannot listen on 127.0.0.1:" + port
                    + ": the port is in use (another controller or ZooKeeper?); stop it or choose another port", e);
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for a 4-byte address
        }
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot create ZooKeeper directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void cleanUp(ServerCnxnFactory connections, FileTxnSnapLog snapLog, DataDirectoryLock lock) {
        if (connections != null) {
            connections.shutdown();
        }
        if (snapLog != null) {
            try {
                snapLog.close();
            } catch (IOException ignored) {
                // reporting the failure that brought us here matters more
            }
        }
        lock.close();
    }

    /** The port the server listens on (the one it got when asked for port 0). */
    public int port() {
        return port;
    }

    /** The socket address the server is bound to (127.0.0.1:PORT). */
    public InetSocketAddress boundAddress() {
        return connections.getLocalAddress();
    }

    /** {@code 127.0.0.1:PORT}, for {@link ControllerStore#connect}. */
    public String connectString() {
        return "127.0.0.1:" + port();
    }

    public Path directory() {
        return directory;
    }

    /** From the call to {@link #start} until the server accepted connections with its data loaded. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Stops serving, closes the transaction log and releases the directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        purger.close();
        connections.shutdown(); // closes client connections and shuts the server down
        try {
            connections.join();
            snapLog.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("closing the ZooKeeper transaction log in {}: {}", directory, e.getMessage());
        } finally {
            lock.close();
        }
        LOG.info("embedded ZooKeeper on {} stopped", directory);
    }
}
