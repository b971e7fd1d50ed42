package dev.fabric.controller.placement;

import dev.fabric.controller.model.Assignment;
import dev.fabric.controller.model.InstanceKey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides where role instances run. Pure: from a {@link FabricState} to a plan, nothing else.
 * <ul>
 *   <li>capacity: vCPUs against host CPUs x the allocation ratio, memory against the memory the host
 *       gives to guests, and a free instance address in the host's subnet;</li>
 *   <li>spread: each instance goes where its role has the fewest instances in the fault domain, then on
 *       the host, then to the host with the most free memory, then by host name (deterministic);</li>
 *   <li>update domain = index mod upgradeDomainCount;</li>
 *   <li>address: the lowest free one from network+10 in the host's instance subnet;</li>
 *   <li>existing instances never move (only reincarnation gives an instance a new host).</li>
 * </ul>
 */
public final class Placer {
    private final PlacementSettings settings;

    public Placer(PlacementSettings settings) {
        this.settings = settings;
    }

    /** Places a deployment that has no instances yet. */
    public PlacementResult place(DeploymentDemand deployment, FabricState state) {
        if (!existing(deployment.deployment(), state).isEmpty()) {
            return new PlacementResult.Refused("deployment " + deployment.deployment()
                    + " is already placed; scale it or delete it first");
        }
        return scale(deployment, state);
    }

    /**
     * Brings a deployment to the instance counts of {@code deployment}: role instances with index >= the
     * new count are removed (the highest ones), missing indices below it are added; the rest stay put.
     * Roles no longer in the deployment lose all their instances.
     */
    public PlacementResult scale(DeploymentDemand deployment, FabricState state) {
        HostLedger ledger = new HostLedger(state.liveHosts(), state, settings);
        Map<InstanceKey, Assignment> existing = existing(deployment.deployment(), state);
        List<InstanceKey> removed = new ArrayList<>();
        for (Assignment a : existing.values()) {
            Optional<RoleDemand> role = deployment.role(a.instance().role());
            if (role.isEmpty() || a.instance().index() >= role.get().instanceCount()) {
                removed.add(a.instance());
                ledger.release(a, state.need(a));
            }
        }
        List<Assignment> added = new ArrayList<>();
        for (RoleDemand role : deployment.roles()) {
            int wanted = 0;
            int unplaced = 0;
            for (int index = 0; index < role.instanceCount(); index++) {
                InstanceKey key = new InstanceKey(deployment.deployment(), role.role(), index);
                if (existing.containsKey(key)) {
                    continue;
                }
                wanted++;
                Optional<LiveHost> host = ledger.choose(key, role.perInstance());
                if (host.isPresent()) {
                    added.add(ledger.take(key, host.get(), index % deployment.upgradeDomainCount(), role.perInstance()));
                } else {
                    unplaced++;
                }
            }
            if (unplaced > 0) {
                return new PlacementResult.Refused(refusal(deployment.deployment(), role, wanted, unplaced, ledger));
            }
        }
        return new PlacementResult.Placed(new PlacementPlan(added, removed));
    }

    /** Every instance of the deployment, to be removed. */
    public PlacementPlan delete(String deployment, FabricState state) {
        return new PlacementPlan(List.of(), List.copyOf(existing(deployment, state).keySet()));
    }

    /**
     * For every instance on a down host, a new assignment on a live host that is not down: same key and
     * update domain, an address in the new host's subnet, same rules as {@link #scale}. Instances that fit
     * nowhere are pending; the others are still moved.
     */
    public Reincarnation reincarnate(Set<String> downHosts, FabricState state) {
        List<LiveHost> usable = state.liveHosts().stream().filter(h -> !downHosts.contains(h.name())).toList();
        HostLedger ledger = new HostLedger(usable, state, settings);
        List<Assignment> orphans = state.assignments().stream().filter(a -> downHosts.contains(a.host()))
                .sorted(Comparator.comparing(Assignment::instance)).toList();
        List<Assignment> moved = new ArrayList<>();
        List<Reincarnation.Pending> pending = new ArrayList<>();
        for (Assignment old : orphans) {
            Resources need = state.need(old);
            Optional<LiveHost> host = ledger.choose(old.instance(), need);
            if (host.isPresent()) {
                moved.add(ledger.take(old.instance(), host.get(), old.updateDomain(), need));
            } else {
                pending.add(new Reincarnation.Pending(old.instance(), old.host(), ledger.isEmpty()
                        ? "no live host to move it to"
                        : "no live host has " + need + " and an instance address free; free: "
                        + String.join(", ", ledger.describeFree())));
            }
        }
        return new Reincarnation(moved, pending);
    }

    private static Map<InstanceKey, Assignment> existing(String deployment, FabricState state) {
        Map<InstanceKey, Assignment> mine = new TreeMap<>();
        for (Assignment a : state.assignments()) {
            if (a.instance().deployment().equals(deployment)) {
                mine.put(a.instance(), a);
            }
        }
        return mine;
    }

    private static String refusal(String deployment, RoleDemand role, int wanted, int unplaced, HostLedger ledger) {
        String message = "cannot place deployment " + deployment + ": role " + role.role() + " needs " + wanted
                + " new instance" + (wanted == 1 ? "" : "s") + " of " + role.perInstance() + " and " + unplaced
                + " fit nowhere";
        if (ledger.isEmpty()) {
            return message + "; no host is live: start the agents of the inventory's hosts";
        }
        return message + "; left free: " + String.join(", ", ledger.describeFree())
                + "; add hosts, free capacity or lower the instance count (nothing was changed)";
    }
}
