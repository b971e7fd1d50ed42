package dev.fabric.controller.service;

import dev.fabric.controller.inventory.Inventory;
import dev.fabric.controller.inventory.InventoryListener;
import dev.fabric.controller.inventory.InventoryParser;
import dev.fabric.controller.inventory.InventoryWatcher;
import dev.fabric.controller.rest.RestServer;
import dev.fabric.controller.store.ControllerStore;
import dev.fabric.controller.store.EmbeddedZooKeeper;
import dev.fabric.protocol.MonotonicClock;
import dev.fabric.protocol.server.LinkServer;
import dev.fabric.protocol.server.LinkServerSettings;
import dev.fabric.protocol.tls.TlsContexts;
import dev.fabric.protocol.tls.TlsFiles;
import dev.fabric.protocol.transport.Transports;
import dev.fabric.servicedef.Diagnostic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One running controller: the state store (embedded ZooKeeper unless an ensemble is named), the
 * inventory and its watcher, the agent port, the REST API and the lease tick. Everything it starts it
 * closes again, in reverse order; agents and their guests are not touched by a controller stopping.
 */
public final class ControllerDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerDaemon.class);
    private static final Duration TICK = Duration.ofMillis(250);
    private static final Duration HEARTBEAT_LOG = Duration.ofSeconds(10);

    private final List<AutoCloseable> opened = new ArrayList<>();
    private LinkServer link;
    private RestServer api;
    private ControllerStore store;
    private DeploymentService deployments;
    private HostDirectory hosts;

    private ControllerDaemon() {
    }

    /**
     * @throws IllegalArgumentException when the inventory is not valid (the message lists every error)
     * @throws RuntimeException from the store, TLS files or ports, naming what failed; nothing stays open
     */
    public static ControllerDaemon start(ControllerSettings s) {
        ControllerDaemon d = new ControllerDaemon();
        try {
            d.open(s);
            return d;
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    private void open(ControllerSettings s) {
        Clock clock = new MonotonicClock();
        InventoryParser parser = new InventoryParser();
        var load = parser.parse(s.datacenter());
        if (!load.isValid()) {
            throw new IllegalArgumentException("the inventory is not valid:\n  " + String.join("\n  ",
                    load.errors().stream().map(Diagnostic::toString).toList()));
        }
        Inventory inventory = load.inventory().orElseThrow();
        String connect;
        if (s.zookeeper().isPresent()) {
            connect = s.zookeeper().get();
        } else {
            EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(s.dataDir().resolve("zookeeper"), 0);
            opened.add(zk);
            connect = zk.connectString();
            LOG.info("embedded ZooKeeper on {} ({} ms), data in {}", connect, zk.startupTime().toMillis(), zk.directory());
        }
        store = ControllerStore.connect(connect, Duration.ofSeconds(15));
        opened.add(store);
        hosts = new HostDirectory(inventory, s.liveness(), clock.instant());
        Pusher pusher = new Pusher(store, hosts);
        opened.add(pusher);
        Object changes = new Object();
        Verifications verifications = new Verifications(hosts::session, Verifications.DEFAULT_BASE, Verifications.DEFAULT_PER_INSTANCE);
        deployments = new DeploymentService(store, hosts, s.placement(), pusher, changes, verifications);
        Reincarnator reincarnator = new Reincarnator(store, hosts, deployments, s.placement(), pusher, changes, clock);

        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "controller-tick");
            t.setDaemon(true);
            return t;
        });
        opened.add(() -> timer.shutdownNow());
        InventoryWatcher watcher = new InventoryWatcher(s.datacenter(), parser, new InventoryListener() {
            @Override
            public void inventoryChanged(Inventory next) {
                LOG.info("inventory reloaded: {} hosts", next.size());
                hosts.inventoryChanged(next, clock.instant());
                pusher.pushAll();
            }

            @Override
            public void inventoryRejected(List<Diagnostic> errors) {
                LOG.warn("{} changed but is not valid; keeping the previous inventory: {}", s.datacenter(), errors);
            }
        });
        watcher.poll(); // the file as just read: sets the watcher's baseline without a change event
        watcher.schedule(timer, Duration.ofSeconds(2));
        timer.scheduleWithFixedDelay(reincarnator, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);

        TlsFiles tls = TlsFiles.controller(s.pkiDir());
        link = LinkServer.start(s.agents(), TlsContexts.server(tls), LinkServerSettings.DEFAULT,
                new AgentLinks(hosts, s.liveness(), s.placement(), pusher, clock, verifications));
        opened.add(link);
        timer.scheduleAtFixedRate(new HeartbeatLog(link.heartbeatTimes(), () -> hosts.sessions().size()),
                HEARTBEAT_LOG.toMillis(), HEARTBEAT_LOG.toMillis(), TimeUnit.MILLISECONDS);
        api = RestServer.start(s.api(), tls, deployments);
        opened.add(api);
        LOG.info("controller running: agents on {}:{}, API on {}:{}, {} hosts in {}, TLS by {}, {}", s.agents().getHostString(), link.port(),
                s.api().getHostString(), api.port(), inventory.size(), s.datacenter(), TlsContexts.provider(), Transports.name());
    }

    public int agentPort() {
        return link.port();
    }

    public int apiPort() {
        return api.port();
    }

    public DeploymentService deployments() {
        return deployments;
    }

    public HostDirectory hosts() {
        return hosts;
    }

    public Optional<ControllerStore> store() {
        return Optional.ofNullable(store);
    }

    @Override
    public void close() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", opened.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        opened.clear();
    }
}
