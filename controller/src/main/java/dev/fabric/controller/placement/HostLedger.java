package dev.fabric.controller.placement;

import dev.fabric.controller.inventory.Ipv4;
import dev.fabric.controller.inventory.Ipv4Subnet;
import dev.fabric.controller.model.Assignment;
import dev.fabric.controller.model.InstanceKey;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The working copy of one placement decision: per usable host what is used (resources, instance
 * addresses) and how many instances of each role it and its fault domain hold. Placement takes and
 * releases through it; nothing outside the decision sees it.
 */
final class HostLedger {
    private final Map<String, Entry> hosts = new TreeMap<>(); // by name: iteration order is deterministic
    private final Map<RoleKey, Map<String, Integer>> perFaultDomain = new HashMap<>();

    private record RoleKey(String deployment, String role) {
        static RoleKey of(InstanceKey k) {
            return new RoleKey(k.deployment(), k.role());
        }
    }

    private static final class Entry {
        final LiveHost host;
        final Resources capacity;
        Resources used = Resources.NONE;
        final BitSet addresses = new BitSet(); // instance address n = network + 10 + n
        final Map<RoleKey, Integer> roles = new HashMap<>();

        Entry(LiveHost host, Resources capacity) {
            this.host = host;
            this.capacity = capacity;
        }

        Resources free() {
            return capacity.minus(used);
        }

        int freeAddresses() {
            return host.host().instanceSubnet().instanceCapacity() - addresses.cardinality();
        }
    }

    /** @param usable the live hosts placement may put instances on (down ones already left out) */
    HostLedger(Collection<LiveHost> usable, FabricState state, PlacementSettings settings) {
        for (LiveHost h : usable) {
            hosts.put(h.name(), new Entry(h, settings.capacity(h.cpus(), h.memoryMiB())));
        }
        for (Assignment a : state.assignments()) {
            Entry e = hosts.get(a.host());
            if (e != null) {
                add(e, a, state.need(a));
            }
        }
    }

    /** The best host for one more instance of the role that has room for it, or empty. */
    Optional<LiveHost> choose(InstanceKey instance, Resources need) {
        RoleKey role = RoleKey.of(instance);
        Map<String, Integer> domains = perFaultDomain.getOrDefault(role, Map.of());
        return hosts.values().stream()
                .filter(e -> need.fitsIn(e.free()) && e.freeAddresses() > 0)
                .min(Comparator.<Entry>comparingInt(e -> domains.getOrDefault(e.host.faultDomain(), 0))
                        .thenComparingInt(e -> e.roles.getOrDefault(role, 0))
                        .thenComparing(e -> -e.free().memoryMiB())
                        .thenComparing(e -> e.host.name()))
                .map(e -> e.host);
    }

    /** Places the instance on the host: lowest free instance address, resources taken. */
    Assignment take(InstanceKey instance, LiveHost host, int updateDomain, Resources need) {
        Entry e = hosts.get(host.name());
        int n = e.addresses.nextClearBit(0);
        Assignment a = new Assignment(instance, host.name(), e.host.host().instanceSubnet().instanceAddress(n),
                updateDomain, host.faultDomain());
        add(e, a, need);
        return a;
    }

    void release(Assignment a, Resources need) {
        Entry e = hosts.get(a.host());
        if (e == null) {
            return;
        }
        e.used = e.used.minus(need);
        offset(e, a).ifPresent(e.addresses::clear);
        RoleKey role = RoleKey.of(a.instance());
        e.roles.merge(role, -1, Integer::sum);
        perFaultDomain.get(role).merge(e.host.faultDomain(), -1, Integer::sum);
    }

    /** Every usable host's free capacity, for refusals: {@code host-1 (rack-1) 3 vCPU/512 MiB, 5 addresses}. */
    List<String> describeFree() {
        List<String> lines = new ArrayList<>();
        for (Entry e : hosts.values()) {
            lines.add(e.host.name() + " (" + e.host.faultDomain() + ") " + e.free() + ", "
                    + e.freeAddresses() + " addresses");
        }
        return lines;
    }

    boolean isEmpty() {
        return hosts.isEmpty();
    }

    private void add(Entry e, Assignment a, Resources need) {
        e.used = e.used.plus(need);
        offset(e, a).ifPresent(e.addresses::set);
        RoleKey role = RoleKey.of(a.instance());
        e.roles.merge(role, 1, Integer::sum);
        perFaultDomain.computeIfAbsent(role, r -> new HashMap<>()).merge(e.host.faultDomain(), 1, Integer::sum);
    }

    /** The instance-address number of an assignment on this host; empty when its address is not one of them. */
    private static Optional<Integer> offset(Entry e, Assignment a) {
        Ipv4Subnet subnet = e.host.host().instanceSubnet();
        long value = Ipv4.parse(a.address()).orElse(-1);
        long n = value - subnet.network() - Ipv4Subnet.FIRST_INSTANCE_OFFSET;
        return n >= 0 && n < subnet.instanceCapacity() ? Optional.of((int) n) : Optional.empty();
    }
}
