package dev.fabric.controller.service;

import dev.fabric.controller.liveness.GateDecision;
import dev.fabric.controller.liveness.GroupDecision;
import dev.fabric.controller.liveness.LivenessTransition;
import dev.fabric.controller.model.Assignment;
import dev.fabric.controller.placement.FabricState;
import dev.fabric.controller.placement.PlacementSettings;
import dev.fabric.controller.placement.Placer;
import dev.fabric.controller.placement.Reincarnation;
import dev.fabric.controller.store.ControllerStore;
import dev.fabric.controller.store.StoredDeployment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The controller's tick: advances the leases (0620) and, while the majority gate is open, places the
 * instances of DOWN hosts again on live ones. Instances that fit nowhere stay where they were
 * (pending) and are tried again on the next tick.
 */
public final class Reincarnator implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Reincarnator.class);

    private final ControllerStore store;
    private final HostDirectory hosts;
    private final DeploymentService deployments;
    private final Placer placer;
    private final Pusher pusher;
    private final Object changes;
    private final Clock clock;
    private String lastGate = "";
    private String lastPending = "";
    private String lastHeld = "";

    public Reincarnator(ControllerStore store, HostDirectory hosts, DeploymentService deployments, PlacementSettings settings,
                        Pusher pusher, Object changes, Clock clock) {
        this.store = store;
        this.hosts = hosts;
        this.deployments = deployments;
        this.placer = new Placer(settings);
        this.pusher = pusher;
        this.changes = changes;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("reincarnation tick failed: {}", e.toString());
        }
    }

    void tick() {
        List<LivenessTransition> changed = hosts.tick(clock.instant());
        changed.forEach(t -> LOG.info("liveness: {}", t));
        Set<String> down = hosts.down();
        if (down.isEmpty()) {
            return;
        }
        GateDecision gate = hosts.gate();
        if (!gate.open()) {
            if (!gate.reason().equals(lastGate)) {
                LOG.warn("not moving the instances of {}: {}", few(down), gate.reason());
                lastGate = gate.reason();
            }
            return;
        }
        lastGate = "";
        boolean moved = false;
        synchronized (changes) {
            FabricState state = deployments.state(List.of());
            if (state.assignments().stream().noneMatch(a -> down.contains(a.host()))) {
                return;
            }
            Set<String> movable = movableByGroup(down);
            if (movable.isEmpty()) {
                return;
            }
            Reincarnation r = placer.reincarnate(movable, state);
            Map<String, List<Assignment>> movedByDeployment = r.moved().stream()
                    .collect(Collectors.groupingBy(a -> a.instance().deployment()));
            for (Map.Entry<String, List<Assignment>> e : movedByDeployment.entrySet()) {
                StoredDeployment d = store.deployment(e.getKey()).orElse(null);
                if (d == null) {
                    continue;
                }
                Map<String, Assignment> byKey = new HashMap<>();
                d.assignments().forEach(a -> byKey.put(a.instance().toString(), a));
                e.getValue().forEach(a -> byKey.put(a.instance().toString(), a));
                store.replaceAssignments(d.name(), d.version(), List.copyOf(byKey.values()));
                e.getValue().forEach(a -> LOG.info("reincarnated {} on {} at {} (its host {} is down)", a.instance(), a.host(),
                        a.address(), few(down)));
                moved = true;
            }
            String pending = r.pending().toString();
            if (!r.pending().isEmpty() && !pending.equals(lastPending)) {
                LOG.warn("cannot place again yet: {}", r.pending());
            }
            lastPending = pending;
        }
        if (moved) {
            pusher.pushAll();
        }
    }

    /** The DOWN hosts whose peer group the controller hears a majority of (0692); the others wait. */
    private Set<String> movableByGroup(Set<String> down) {
        Set<String> movable = new TreeSet<>();
        List<String> held = new ArrayList<>();
        for (GroupDecision g : hosts.groupGates(down)) {
            if (g.open()) {
                movable.add(g.host());
            } else {
                held.add(g.reason());
            }
        }
        String heldNow = held.toString();
        if (!held.isEmpty() && !heldNow.equals(lastHeld)) {
            LOG.warn("not moving the instances of {} host(s): {}", held.size(), held.size() <= 3 ? held : held.subList(0, 3) + " ...");
        }
        lastHeld = heldNow;
        return movable;
    }

    /** At most ten names and how many more: with 10,000 hosts a full list made each line 110 KB. */
    static String few(Set<String> names) {
        return names.size() <= 10 ? names.toString()
                : names.stream().limit(10).toList().toString().replace("]", ", ... " + (names.size() - 10) + " more]");
    }
}
