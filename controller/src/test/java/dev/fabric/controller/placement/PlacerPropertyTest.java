package dev.fabric.controller.placement;

import dev.fabric.controller.inventory.InventoryHost;
import dev.fabric.controller.inventory.Ipv4;
import dev.fabric.controller.inventory.Ipv4Subnet;
import dev.fabric.controller.model.Assignment;
import dev.fabric.controller.model.InstanceKey;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Random inventories and deployments; the invariants must hold after every step. */
class PlacerPropertyTest {
    private static final int RUNS = 400;

    @Test
    void noHostOverCapacityNoSharedAddressAndReincarnationMovesOnlyTheDownHost() {
        int placedSome = 0;
        int refusedSome = 0;
        int pendingSome = 0;
        for (int seed = 0; seed < RUNS; seed++) {
            Random random = new Random(seed);
            PlacementSettings settings = new PlacementSettings(1 + random.nextInt(3), 1, 1, 0);
            Placer placer = new Placer(settings);
            List<LiveHost> hosts = randomHosts(random, false);
            FabricState state = FabricState.of(hosts, List.of(), List.of());
            for (int d = 0; d < 1 + random.nextInt(4); d++) {
                DeploymentDemand demand = randomDeployment(random, "d" + d);
                PlacementResult result = placer.place(demand, state);
                if (result instanceof PlacementResult.Placed p) {
                    state = state.apply(demand, p.plan());
                    placedSome++;
                    if (!demand.roles().isEmpty() && random.nextBoolean()) {
                        RoleDemand role = demand.roles().get(random.nextInt(demand.roles().size()));
                        DeploymentDemand scaled = demand.withInstanceCount(role.role(), random.nextInt(9));
                        if (placer.scale(scaled, state) instanceof PlacementResult.Placed s) {
                            List<Assignment> before = state.assignments();
                            state = state.apply(scaled, s.plan());
                            assertThat(state.assignments()).as("seed %d: scaling never moves an instance", seed)
                                    .containsAll(before.stream().filter(a -> !s.plan().removed().contains(a.instance())).toList());
                        }
                    }
                } else {
                    refusedSome++;
                }
                checkInvariants(seed, settings, state, Set.of());
            }
            if (state.assignments().isEmpty()) {
                continue;
            }
            String down = state.assignments().get(random.nextInt(state.assignments().size())).host();
            Reincarnation r = placer.reincarnate(Set.of(down), state);
            Set<InstanceKey> wasOnDown = state.assignments().stream().filter(a -> a.host().equals(down))
                    .map(Assignment::instance).collect(Collectors.toSet());
            Set<InstanceKey> handled = new HashSet<>();
            r.moved().forEach(a -> handled.add(a.instance()));
            r.pending().forEach(p -> handled.add(p.instance()));
            assertThat(handled).as("seed %d", seed).isEqualTo(wasOnDown);
            assertThat(r.moved()).as("seed %d", seed).noneMatch(a -> a.host().equals(down));
            pendingSome += r.pending().isEmpty() ? 0 : 1;
            FabricState after = new FabricState(state.liveHosts(), state.deployments(), r.plan().applyTo(state.assignments()));
            checkInvariants(seed, settings, after, Set.of(down));
        }
        // the generator must exercise every branch, or the invariants above prove little
        assertThat(placedSome).isGreaterThan(RUNS);
        assertThat(refusedSome).isGreaterThan(RUNS / 10);
        assertThat(pendingSome).isGreaterThan(RUNS / 20);
    }

    @Test
    void withRoomEverywhereEachRoleIsSpreadEvenlyOverFaultDomainsAndHosts() {
        for (int seed = 0; seed < RUNS; seed++) {
            Random random = new Random(seed);
            List<LiveHost> hosts = randomHosts(random, true);
            Placer placer = new Placer(PlacementSettings.UNSCALED);
            FabricState state = FabricState.of(hosts, List.of(), List.of());
            for (int d = 0; d < 1 + random.nextInt(3); d++) {
                DeploymentDemand demand = randomDeployment(random, "d" + d);
                PlacementResult result = placer.place(demand, state);
                assertThat(result).as("seed %d: ample capacity never refuses", seed).isInstanceOf(PlacementResult.Placed.class);
                state = state.apply(demand, ((PlacementResult.Placed) result).plan());
            }
            Set<String> domains = hosts.stream().map(LiveHost::faultDomain).collect(Collectors.toSet());
            Map<String, List<Assignment>> byRole = state.assignments().stream()
                    .collect(Collectors.groupingBy(a -> a.instance().deployment() + "." + a.instance().role()));
            for (var role : byRole.entrySet()) {
                Map<String, Long> perDomain = counts(role.getValue(), Assignment::faultDomain, domains);
                assertThat(spread(perDomain)).as("seed %d role %s per fault domain %s", seed, role.getKey(), perDomain)
                        .isLessThanOrEqualTo(1);
                for (String domain : domains) {
                    Set<String> inDomain = hosts.stream().filter(h -> h.faultDomain().equals(domain))
                            .map(LiveHost::name).collect(Collectors.toSet());
                    Map<String, Long> perHost = counts(role.getValue().stream()
                            .filter(a -> a.faultDomain().equals(domain)).toList(), Assignment::host, inDomain);
                    assertThat(spread(perHost)).as("seed %d role %s hosts of %s", seed, role.getKey(), domain)
                            .isLessThanOrEqualTo(1);
                }
            }
        }
    }

    private static void checkInvariants(int seed, PlacementSettings settings, FabricState state, Set<String> down) {
        Map<String, Resources> used = new HashMap<>();
        Set<String> addresses = new HashSet<>();
        Set<InstanceKey> keys = new HashSet<>();
        for (Assignment a : state.assignments()) {
            assertThat(keys.add(a.instance())).as("seed %d: %s placed twice", seed, a.instance()).isTrue();
            assertThat(addresses.add(a.address())).as("seed %d: address %s shared", seed, a.address()).isTrue();
            LiveHost host = state.liveHosts().stream().filter(h -> h.name().equals(a.host())).findFirst().orElseThrow();
            Ipv4Subnet subnet = host.host().instanceSubnet();
            long address = Ipv4.parse(a.address()).getAsLong();
            assertThat(address).as("seed %d: %s", seed, a)
                    .isBetween(subnet.network() + 10, subnet.broadcast() - 1);
            assertThat(a.faultDomain()).isEqualTo(host.faultDomain());
            assertThat(a.updateDomain()).isEqualTo(a.instance().index()
                    % state.deployments().get(a.instance().deployment()).upgradeDomainCount());
            if (!down.contains(a.host())) {
                used.merge(a.host(), state.need(a), Resources::plus);
            }
        }
        for (LiveHost h : state.liveHosts()) {
            Resources capacity = settings.capacity(h.cpus(), h.memoryMiB());
            assertThat(used.getOrDefault(h.name(), Resources.NONE).fitsIn(capacity))
                    .as("seed %d: host %s uses %s of %s", seed, h.name(), used.get(h.name()), capacity).isTrue();
        }
    }

    private static List<LiveHost> randomHosts(Random random, boolean ample) {
        int n = 1 + random.nextInt(7);
        int domains = 1 + random.nextInt(Math.min(3, n));
        List<LiveHost> hosts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String subnet = "10.213." + i + ".0/" + (ample || random.nextBoolean() ? 24 : 28);
            hosts.add(new LiveHost(new InventoryHost("host-" + i, "10.214.0." + (i + 1), "rack-" + (i % domains),
                    Ipv4Subnet.parse(subnet)), ample ? 1000 : 1 + random.nextInt(4),
                    ample ? 1_000_000 : 1024 + 256L * random.nextInt(29)));
        }
        return hosts;
    }

    private static DeploymentDemand randomDeployment(Random random, String name) {
        List<RoleDemand> roles = new ArrayList<>();
        for (int r = 0; r < 1 + random.nextInt(3); r++) {
            roles.add(new RoleDemand("Role" + r, random.nextInt(9),
                    new Resources(1 + random.nextInt(2), 128 + 128L * random.nextInt(8))));
        }
        return new DeploymentDemand(name, 1 + random.nextInt(5), roles);
    }

    private static Map<String, Long> counts(Collection<Assignment> assignments,
                                            java.util.function.Function<Assignment, String> key, Set<String> all) {
        Map<String, Long> counts = new HashMap<>();
        all.forEach(k -> counts.put(k, 0L));
        assignments.forEach(a -> counts.merge(key.apply(a), 1L, Long::sum));
        return counts;
    }

    private static long spread(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).max().orElse(0)
                - counts.values().stream().mapToLong(Long::longValue).min().orElse(0);
    }
}
