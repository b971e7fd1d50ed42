package dev.fabric.agent.addressing;

import dev.fabric.agent.desired.InstanceId;
import dev.fabric.firewall.placement.HostNetwork;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.Ipv4Subnet;
import dev.fabric.firewall.placement.SamplePlacement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Gives every desired instance a stable address in the host's instance subnet. Pure.
 * <ul>
 *   <li>An instance that already has a usable address (observed on its running domain) keeps it, also
 *       when a domain that is no longer desired claims the same address.</li>
 *   <li>Addresses of observed instances that are no longer desired stay reserved until their domain
 *       is gone, so no new instance shares an address (or tap) with a guest still being removed.</li>
 *   <li>A new instance takes the lowest free address from network+10 upward; network, gateway
 *       (network+1), network+2..9 and the broadcast address are never given out.</li>
 * </ul>
 * When a controller places the instances it chooses their addresses ({@code pinned}): a pinned
 * instance gets exactly that address, and no other instance may hold it.
 * MAC and tap follow from the address: MAC {@code 52:54:00} + the address's last three bytes, tap
 * {@code fab-} + (address - network - 10). On a fresh host this is exactly the sample placement
 * contract (instance k gets network+10+k, {@code fab-k}).
 */
public final class AddressAllocator {
    public static final int FIRST_OFFSET = 10;
    public static final String TAP_PREFIX = HostNetwork.DEFAULT_TAP_PREFIX;

    private final Ipv4Subnet subnet;

    public AddressAllocator(Ipv4Subnet subnet) {
        if (subnet.prefixLength() > 28) {
            throw new IllegalArgumentException("instance subnet " + subnet + " is too small: use a /28 or larger");
        }
        this.subnet = subnet;
    }

    /**
     * @param desired  the instances that should run, in placement order (new ones are numbered in this order)
     * @param observed assignments read back from this host's Fabric domains (any order, may hold strangers)
     * @return one assignment per desired instance, in {@code desired} order
     * @throws SubnetExhaustedException when new instances do not fit
     */
    public List<Assignment> allocate(List<InstanceId> desired, Collection<Assignment> observed) {
        return allocate(desired, observed, Map.of());
    }

    /**
     * As {@link #allocate(List, Collection)}, with the addresses a controller chose for some instances.
     *
     * @throws IllegalArgumentException when a pinned address is not an instance address of this subnet,
     *         is pinned twice, or names an instance that is not desired
     */
    public List<Assignment> allocate(List<InstanceId> desired, Collection<Assignment> observed,
                                     Map<InstanceId, Ipv4Address> pinned) {
        Set<InstanceId> wanted = new HashSet<>(desired);
        if (wanted.size() != desired.size()) {
            throw new IllegalArgumentException("desired instances contain duplicates: " + desired);
        }
        Set<Long> used = new HashSet<>();
        for (Map.Entry<InstanceId, Ipv4Address> p : new TreeMap<>(pinned).entrySet()) {
            if (!wanted.contains(p.getKey())) {
                throw new IllegalArgumentException("address " + p.getValue() + " is pinned for " + p.getKey()
                        + ", which this host does not run");
            }
            long offset = offsetOf(p.getValue());
            if (!usable(offset)) {
                throw new IllegalArgumentException(p.getKey() + ": the assigned address " + p.getValue()
                        + " is not an instance address of this host's subnet " + subnet + " (network+" + FIRST_OFFSET
                        + " up to broadcast-1)");
            }
            if (!used.add(offset)) {
                throw new IllegalArgumentException(p.getKey() + ": the assigned address " + p.getValue()
                        + " is assigned to another instance too");
            }
        }
        // When two observed domains claim one address, a desired instance wins over one that is going away
        // (a stranger must never make a running guest renumber), then the lowest instance id; the other is renumbered.
        Map<InstanceId, Assignment> observedById = new TreeMap<>();
        for (Assignment a : observed) {
            observedById.putIfAbsent(a.id(), a);
        }
        List<Assignment> claims = new ArrayList<>(observedById.values());
        claims.sort(java.util.Comparator.comparing((Assignment a) -> !wanted.contains(a.id())));
        Map<InstanceId, Ipv4Address> kept = new HashMap<>(pinned);
        for (Assignment a : claims) {
            if (pinned.containsKey(a.id())) {
                continue;
            }
            long offset = offsetOf(a.address());
            if (!usable(offset) || !used.add(offset)) {
                continue;
            }
            if (wanted.contains(a.id())) {
                kept.put(a.id(), a.address());
            }
        }
        List<Assignment> result = new ArrayList<>(desired.size());
        long next = FIRST_OFFSET;
        int needed = (int) desired.stream().filter(id -> !kept.containsKey(id)).count();
        for (InstanceId id : desired) {
            Ipv4Address address = kept.get(id);
            if (address == null) {
                while (usable(next) && used.contains(next)) {
                    next++;
                }
                if (!usable(next)) {
                    throw new SubnetExhaustedException("instance subnet " + subnet + " has no free address for " + id + ": "
                            + needed + " new instance(s) need addresses, " + used.size() + " of "
                            + (subnet.size() - FIRST_OFFSET - 1) + " usable addresses (network+" + FIRST_OFFSET
                            + " up to broadcast-1) are taken; use a larger subnet or remove a deployment");
                }
                used.add(next);
                address = subnet.network().plus((int) next);
            }
            result.add(assignment(id, address));
        }
        return result;
    }

    /** The assignment an instance at {@code address} gets: MAC and tap derived from the address. */
    public Assignment assignment(InstanceId id, Ipv4Address address) {
        long offset = offsetOf(address);
        if (!usable(offset)) {
            throw new IllegalArgumentException(address + " is not an instance address of " + subnet
                    + " (network+" + FIRST_OFFSET + " up to broadcast-1)");
        }
        return new Assignment(id, address, SamplePlacement.macFor(address), TAP_PREFIX + (offset - FIRST_OFFSET));
    }

    public Ipv4Address gateway() {
        return subnet.network().plus(1);
    }

    private long offsetOf(Ipv4Address a) {
        if (!subnet.contains(a)) {
            return -1;
        }
        return Integer.toUnsignedLong(a.bits()) - Integer.toUnsignedLong(subnet.network().bits());
    }

    private boolean usable(long offset) {
        return offset >= FIRST_OFFSET && offset < subnet.size() - 1;
    }
}
