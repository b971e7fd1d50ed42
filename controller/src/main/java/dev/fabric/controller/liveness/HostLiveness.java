package dev.fabric.controller.liveness;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The controller's failure state machine for the inventory's hosts. Pure: every call gets the time,
 * so tests drive it with a fake clock; the caller feeds it heartbeats and calls {@link #tick} on a timer.
 * Time must come from a monotonic source (wall-clock jumps must not end leases).
 * <pre>
 *   UNKNOWN --heartbeat--> UP          UNKNOWN --silent for lease+margin from start--> DOWN
 *   UP --lease ended--> SUSPECT --margin passed, no peer hears it--> DOWN
 *   SUSPECT / DOWN --heartbeat--> UP
 * </pre>
 * Peers vouch: a heartbeat lists the peers its sender heard within the last lease; a host vouched for
 * stays SUSPECT (an agent that reaches a majority of peers does not fence), and its lease + margin
 * counts from the last vouch. Every transition is reported exactly once, with the time it happened.
 */
public final class HostLiveness {
    private final LivenessSettings settings;
    private final Map<String, Host> hosts = new TreeMap<>();
    /** When the controller first heard a strict majority: peers can vouch only once they are heard. */
    private Instant majoritySince;
    /**
     * No transition can happen before this (null: unknown, scan). Deadlines only move later between
     * scans except when a host becomes UP or joins the inventory, and those lower it here; so a
     * heartbeat costs a map lookup instead of a scan of every host (10,000 hosts beating every second).
     */
    private Instant nothingDueBefore;

    private static final class Host {
        HostState state = HostState.UNKNOWN;
        Instant lastHeard;  // the controller received a heartbeat; for UNKNOWN: when its grace began
        Instant lastVouched; // a peer the controller heard said it heard this host

        Host(Instant graceStart) {
            lastHeard = graceStart;
        }

        /** The latest moment the host may have been alive and in touch with the controller or a peer. */
        Instant lastSign() {
            return lastVouched != null && lastVouched.isAfter(lastHeard) ? lastVouched : lastHeard;
        }
    }

    /**
     * Every host starts UNKNOWN. One that is neither heard nor vouched for goes DOWN one lease (+ margin)
     * after the controller first hears a majority of the inventory (not before: until then no peer could
     * vouch for it).
     */
    public HostLiveness(LivenessSettings settings, Collection<String> inventoryHosts, Instant start) {
        this.settings = settings;
        inventoryHosts.forEach(h -> hosts.put(h, new Host(start)));
    }

    /**
     * A heartbeat from {@code host} received at {@code now}. Expiries due by {@code now} are applied first
     * (a host past its deadline was down, even if this heartbeat was already queued), then the host is UP.
     *
     * @param peersHeard the peers the sender heard within its last lease
     * @return the transitions, in order: expiries due, then this host's return (if it was not UP)
     * @throws IllegalArgumentException for a host not in the inventory (the link admits only those)
     */
    public List<LivenessTransition> heartbeat(String host, Instant now, Set<String> peersHeard) {
        Host h = hosts.get(host);
        if (h == null) {
            throw new IllegalArgumentException("host " + host + " is not in the inventory");
        }
        // Vouches first: this heartbeat says its sender heard these peers within its lease, which is
        // evidence about the moment just past, also for a peer whose deadline is this very instant.
        for (String peer : peersHeard) {
            Host p = hosts.get(peer);
            if (p != null && !peer.equals(host) && p.state != HostState.DOWN) {
                p.lastVouched = p.lastVouched == null ? now : later(p.lastVouched, now);
            }
        }
        List<LivenessTransition> transitions = tick(now);
        boolean back = h.state != HostState.UP;
        if (back) {
            transitions.add(new LivenessTransition(host, h.state, HostState.UP, now,
                    h.state == HostState.UNKNOWN ? "first heartbeat since the controller started" : "heartbeat again"));
            h.state = HostState.UP;
        }
        h.lastHeard = later(h.lastHeard, now);
        if (back) {
            nothingDueBefore = earlier(nothingDueBefore, h.lastHeard.plus(settings.lease()));
        }
        if (back && majoritySince == null && gate().open()) { // only a host coming up can make a majority
            majoritySince = now;
            nothingDueBefore = null; // UNKNOWN hosts now have deadlines: scan
        }
        return transitions;
    }

    /** Applies every lease end and down deadline up to {@code now}; each transition is reported once. */
    public List<LivenessTransition> tick(Instant now) {
        List<LivenessTransition> transitions = new ArrayList<>();
        if (nothingDueBefore != null && now.isBefore(nothingDueBefore)) {
            return transitions;
        }
        Instant next = null;
        for (Map.Entry<String, Host> e : hosts.entrySet()) {
            Host h = e.getValue();
            if (h.state == HostState.UP) {
                Instant leaseEnd = h.lastHeard.plus(settings.lease());
                if (!now.isBefore(leaseEnd)) {
                    transitions.add(new LivenessTransition(e.getKey(), HostState.UP, HostState.SUSPECT, leaseEnd,
                            "no heartbeat for " + ms(settings.lease()) + " (lease ended)"));
                    h.state = HostState.SUSPECT;
                }
            }
            if (h.state == HostState.UNKNOWN && majoritySince == null) {
                continue; // not heard since the controller started, and no majority yet that could vouch for it
            }
            if (h.state == HostState.SUSPECT || h.state == HostState.UNKNOWN) {
                // An UNKNOWN host's grace runs from when a majority was first heard: agents reconnect after a
                // controller restart with backoff, and its peers can vouch for it only once they are back.
                Instant since = h.state == HostState.UNKNOWN ? later(h.lastSign(), majoritySince) : h.lastSign();
                Instant downAt = since.plus(settings.downAfter());
                if (!now.isBefore(downAt)) {
                    transitions.add(new LivenessTransition(e.getKey(), h.state, HostState.DOWN, downAt, downReason(h)));
                    h.state = HostState.DOWN;
                    h.lastVouched = null;
                }
            }
            next = earlier(next, switch (h.state) {
                case UP -> h.lastHeard.plus(settings.lease());
                case SUSPECT -> h.lastSign().plus(settings.downAfter());
                case UNKNOWN -> later(h.lastSign(), majoritySince).plus(settings.downAfter());
                case DOWN -> null;
            });
        }
        nothingDueBefore = next == null ? Instant.MAX : next;
        return transitions;
    }

    /**
     * The inventory changed: new hosts start UNKNOWN with a grace from {@code now}; hosts no longer in it
     * are forgotten (their instances are the caller's to move).
     */
    public void inventoryChanged(Collection<String> inventoryHosts, Instant now) {
        hosts.keySet().retainAll(Set.copyOf(inventoryHosts));
        inventoryHosts.forEach(h -> hosts.computeIfAbsent(h, n -> new Host(now)));
        nothingDueBefore = null;
    }

    public HostState state(String host) {
        Host h = hosts.get(host);
        if (h == null) {
            throw new IllegalArgumentException("host " + host + " is not in the inventory");
        }
        return h.state;
    }

    /** Every inventory host's state, by name. */
    public Map<String, HostState> states() {
        Map<String, HostState> states = new TreeMap<>();
        hosts.forEach((name, h) -> states.put(name, h.state));
        return states;
    }

    /** The hosts that are DOWN: their instances may be placed again, if the gate is open. */
    public Set<String> down() {
        Set<String> down = new java.util.TreeSet<>();
        hosts.forEach((name, h) -> {
            if (h.state == HostState.DOWN) {
                down.add(name);
            }
        });
        return down;
    }

    /** Whether reincarnation is allowed now (see {@link ReincarnationGate}). */
    public GateDecision gate() {
        return ReincarnationGate.check(states());
    }

    private String downReason(Host h) {
        String silent = h.state == HostState.UNKNOWN
                ? "not heard since the controller started, nor vouched for within " + ms(settings.downAfter())
                        + " of the controller hearing a majority"
                : "no heartbeat for lease " + ms(settings.lease()) + " + fence margin " + ms(settings.fenceMargin());
        return h.lastVouched == null ? silent : silent + ", and no peer has heard it since " + h.lastVouched;
    }

    /** The earlier of two moments; null stands for "none". */
    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String ms(Duration d) {
        return d.toMillis() + " ms";
    }
}
