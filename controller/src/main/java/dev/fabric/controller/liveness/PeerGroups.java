package dev.fabric.controller.liveness;

import dev.fabric.controller.inventory.InventoryHost;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which hosts watch each other (decision 0692). Every host has at most {@code 2 x perSide} neighbours;
 * it echoes them before it fences and they vouch for it in their heartbeats. The relation is
 * symmetric (A watches B exactly when B watches A), because an echo proves reachability both ways only
 * if both ends ask. A fabric of at most {@code 2 x perSide + 1} hosts is one group: everyone watches
 * everyone, as before 0692.
 * <p>
 * The hosts sit on a ring ordered so that each fault domain is spread evenly around it (host j of a
 * domain of n hosts at (j + 0.5) / n); a host's neighbours are the {@code perSide} hosts before and after
 * it. So a rack that fails whole takes only a minority of any group with it while no rack holds much
 * more than a third of the hosts (tested up to 40 %), and the group rule still lets its instances move
 * (a rack of half the hosts closes the fabric-wide gate anyway). Pure and deterministic:
 * the same inventory gives the same groups in any file order.
 */
public final class PeerGroups {
    /** Eight neighbours: a group of nine hosts, five of which make its majority. */
    public static final int DEFAULT_PER_SIDE = 4;

    private final Map<String, List<String>> neighbours;

    private PeerGroups(Map<String, List<String>> neighbours) {
        this.neighbours = neighbours;
    }

    public static PeerGroups of(Collection<InventoryHost> hosts) {
        return of(hosts, DEFAULT_PER_SIDE);
    }

    public static PeerGroups of(Collection<InventoryHost> hosts, int perSide) {
        if (perSide < 1) {
            throw new IllegalArgumentException("perSide must be at least 1, got " + perSide);
        }
        List<String> ring = ring(hosts);
        int n = ring.size();
        Map<String, List<String>> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Set<String> mine = new LinkedHashSet<>();
            if (n - 1 <= 2 * perSide) {
                mine.addAll(ring);
            } else {
                for (int d = 1; d <= perSide; d++) {
                    mine.add(ring.get((i + d) % n));
                    mine.add(ring.get((i - d + n) % n));
                }
            }
            String self = ring.get(i);
            mine.remove(self);
            out.put(self, mine.stream().sorted().toList());
        }
        return new PeerGroups(out);
    }

    /** The hosts in ring order: each fault domain spread evenly, ties broken by domain and name. */
    static List<String> ring(Collection<InventoryHost> hosts) {
        Map<String, List<String>> byDomain = new TreeMap<>();
        hosts.forEach(h -> byDomain.computeIfAbsent(h.faultDomain(), d -> new ArrayList<>()).add(h.name()));
        record Slot(double position, String domain, String name) {
        }
        List<Slot> slots = new ArrayList<>();
        byDomain.forEach((domain, names) -> {
            names.sort(Comparator.naturalOrder());
            for (int j = 0; j < names.size(); j++) {
                slots.add(new Slot((j + 0.5) / names.size(), domain, names.get(j)));
            }
        });
        slots.sort(Comparator.comparingDouble(Slot::position).thenComparing(Slot::domain).thenComparing(Slot::name));
        return slots.stream().map(Slot::name).toList();
    }

    /** The hosts that watch {@code host} and that it watches, sorted by name; empty for an unknown host. */
    public List<String> neighbours(String host) {
        return neighbours.getOrDefault(host, List.of());
    }

    /**
     * Whether the controller may move {@code host}'s instances: it hears (UP) a strict majority of the
     * host's group (the host and its neighbours). If the host had not fenced, it would reach a strict
     * majority of that same group, and the two majorities would share a heard neighbour that vouches
     * for it (0660), so it would not be DOWN.
     */
    public GroupDecision mayMove(String host, Map<String, HostState> states) {
        List<String> group = neighbours(host);
        int heard = (int) group.stream().filter(h -> states.get(h) == HostState.UP).count()
                + (states.get(host) == HostState.UP ? 1 : 0);
        return new GroupDecision(host, 2 * heard > group.size() + 1, heard, group.size() + 1);
    }

    public int size() {
        return neighbours.size();
    }
}
