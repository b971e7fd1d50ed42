package dev.fabric.controller.service;

import dev.fabric.controller.inventory.Inventory;
import dev.fabric.controller.inventory.InventoryHost;
import dev.fabric.controller.liveness.GateDecision;
import dev.fabric.controller.liveness.GroupDecision;
import dev.fabric.controller.liveness.HostLiveness;
import dev.fabric.controller.liveness.HostState;
import dev.fabric.controller.liveness.LivenessSettings;
import dev.fabric.controller.liveness.LivenessTransition;
import dev.fabric.controller.liveness.PeerGroups;
import dev.fabric.controller.model.InstanceKey;
import dev.fabric.controller.placement.LiveHost;
import dev.fabric.protocol.server.AgentSession;
import dev.fabric.protocol.v1.Capacity;
import dev.fabric.protocol.v1.InstanceReport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the controller knows of its hosts right now: the inventory, each host's reported capacity,
 * its open session, the instance states it last reported, and its liveness (leases, 0620). Liveness
 * calls are serialised here; the rest are concurrent maps read by the API.
 */
public final class HostDirectory {
    private volatile Inventory inventory;
    private volatile PeerGroups peerGroups;
    private final HostLiveness liveness;
    private final Map<String, Capacity> capacity = new ConcurrentHashMap<>();
    private final Map<String, AgentSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Map<InstanceKey, InstanceReport>> reports = new ConcurrentHashMap<>();

    public HostDirectory(Inventory inventory, LivenessSettings settings, Instant start) {
        this.inventory = inventory;
        this.peerGroups = PeerGroups.of(inventory.hosts());
        this.liveness = new HostLiveness(settings, inventory.hostNames(), start);
    }

    public Inventory inventory() {
        return inventory;
    }

    public synchronized void inventoryChanged(Inventory next, Instant now) {
        inventory = next;
        peerGroups = PeerGroups.of(next.hosts());
        liveness.inventoryChanged(next.hostNames(), now);
    }

    /** Who watches whom (0692): each host's neighbours for its majority check and its vouches. */
    public PeerGroups peerGroups() {
        return peerGroups;
    }

    public Optional<InventoryHost> host(String name) {
        return inventory.host(name);
    }

    public void joined(AgentSession session) {
        AgentSession old = sessions.put(session.hostName(), session);
        capacity.put(session.hostName(), session.hello().getCapacity());
        report(session.hostName(), session.hello().getInstancesList());
        if (old != null && old != session) {
            old.close(); // the host reconnected: the older connection is stale
        }
    }

    /** @return whether {@code session} was the host's current one */
    public boolean left(AgentSession session) {
        return sessions.remove(session.hostName(), session);
    }

    public Optional<AgentSession> session(String host) {
        return Optional.ofNullable(sessions.get(host)).filter(AgentSession::isOpen);
    }

    public Collection<AgentSession> sessions() {
        return sessions.values();
    }

    public synchronized List<LivenessTransition> heartbeat(String host, Instant now, Set<String> peersHeard) {
        return liveness.heartbeat(host, now, peersHeard);
    }

    public synchronized List<LivenessTransition> tick(Instant now) {
        return liveness.tick(now);
    }

    public synchronized HostState state(String host) {
        return liveness.state(host);
    }

    public synchronized Set<String> down() {
        return liveness.down();
    }

    public synchronized GateDecision gate() {
        return liveness.gate();
    }

    /** Whether each of {@code down}'s instances may move now, by its peer group (0692). */
    public synchronized List<GroupDecision> groupGates(Set<String> down) {
        Map<String, HostState> states = liveness.states();
        return down.stream().map(h -> peerGroups.mayMove(h, states)).toList();
    }

    public void report(String host, List<InstanceReport> instances) {
        Map<InstanceKey, InstanceReport> byKey = new HashMap<>();
        for (InstanceReport r : instances) {
            try {
                byKey.put(new InstanceKey(r.getDeployment(), r.getRole(), r.getIndex()), r);
            } catch (IllegalArgumentException e) {
                // a malformed report line names no instance: ignored, the rest of the report counts
            }
        }
        reports.put(host, byKey);
    }

    public Optional<InstanceReport> report(String host, InstanceKey instance) {
        return Optional.ofNullable(reports.getOrDefault(host, Map.of()).get(instance));
    }

    public Optional<Capacity> capacity(String host) {
        return Optional.ofNullable(capacity.get(host));
    }

    /** Inventory hosts that are UP and told us their capacity: where placement may put instances. */
    public synchronized List<LiveHost> liveHosts() {
        List<LiveHost> out = new ArrayList<>();
        for (InventoryHost h : inventory.hosts()) {
            Capacity c = capacity.get(h.name());
            if (c != null && liveness.state(h.name()) == HostState.UP) {
                out.add(new LiveHost(h, c.getCpus(), c.getMemoryMib()));
            }
        }
        return out;
    }
}
