package dev.fabric.controller.service;

import dev.fabric.controller.inventory.Inventory;
import dev.fabric.controller.liveness.PeerGroups;
import dev.fabric.controller.model.Assignment;
import dev.fabric.controller.push.DesiredStateComposer;
import dev.fabric.controller.push.FabricSnapshot;
import dev.fabric.controller.store.ControllerStore;
import dev.fabric.controller.store.StoredDeployment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Sends hosts their desired state, composed from the store (every deployment, every assignment) and
 * the inventory. Pushes run on one thread of their own, in order, so a slow store read never holds up
 * the network threads; a push that found the host disconnected is simply repeated when it rejoins.
 */
public final class Pusher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pusher.class);

    private final ControllerStore store;
    private final HostDirectory hosts;
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private FabricSnapshot cached;
    private Inventory cachedFor;
    private PeerGroups cachedGroups;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "controller-push");
        t.setDaemon(true);
        return t;
    });

    public Pusher(ControllerStore store, HostDirectory hosts) {
        this.store = store;
        this.hosts = hosts;
    }

    /** The generation last pushed to {@code host} (-1: none since the controller started). */
    public long generationSent(String host) {
        return sent.getOrDefault(host, -1L);
    }

    /**
     * Queues a push unless one for this host is queued already: a host that heartbeats with an old
     * generation while its push waits (10,000 joining at once) must not queue one more per heartbeat.
     */
    public void push(String host) {
        if (queued.add(host)) {
            thread.execute(() -> {
                queued.remove(host); // before composing: a later request reads the later state
                pushNow(List.of(host));
            });
        }
    }

    public void pushAll() {
        thread.execute(() -> pushNow(hosts.sessions().stream().map(s -> s.hostName()).toList()));
    }

    private void pushNow(List<String> targets) {
        try {
            FabricSnapshot fabric = snapshot();
            for (String host : targets) {
                hosts.session(host).ifPresent(session -> {
                    session.push(DesiredStateComposer.compose(host, fabric));
                    sent.put(host, fabric.generation());
                });
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot push desired state to {}: {}", targets.size() <= 10 ? targets : targets.size() + " hosts", e.getMessage());
        }
    }

    /**
     * The fabric as of the store's current generation and the current inventory, read and indexed once
     * per change: 10,000 hosts joining must not mean 10,000 reads of every deployment. Push thread only.
     */
    private FabricSnapshot snapshot() {
        long generation = store.generation();
        PeerGroups groups = hosts.peerGroups(); // before the inventory: HostDirectory writes the inventory first
        Inventory inventory = hosts.inventory();
        if (cached != null && cached.generation() == generation && cachedFor == inventory && cachedGroups == groups) {
            return cached;
        }
        List<StoredDeployment> stored = store.deployments();
        List<Assignment> assignments = new ArrayList<>();
        stored.forEach(d -> assignments.addAll(d.assignments()));
        cached = new FabricSnapshot(generation, stored.stream().map(StoredDeployment::record).toList(), assignments,
                inventory.hosts(), groups);
        cachedFor = inventory;
        cachedGroups = groups;
        return cached;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
