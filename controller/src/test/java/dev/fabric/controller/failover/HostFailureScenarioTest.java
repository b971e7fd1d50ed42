package dev.fabric.controller.failover;

import dev.fabric.controller.inventory.InventoryHost;
import dev.fabric.controller.inventory.Ipv4Subnet;
import dev.fabric.controller.liveness.HostLiveness;
import dev.fabric.controller.liveness.HostState;
import dev.fabric.controller.liveness.LivenessSettings;
import dev.fabric.controller.model.Assignment;
import dev.fabric.controller.placement.DeploymentDemand;
import dev.fabric.controller.placement.FabricState;
import dev.fabric.controller.placement.LiveHost;
import dev.fabric.controller.placement.PlacementResult;
import dev.fabric.controller.placement.PlacementSettings;
import dev.fabric.controller.placement.Placer;
import dev.fabric.controller.placement.Reincarnation;
import dev.fabric.controller.placement.Resources;
import dev.fabric.controller.placement.RoleDemand;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The pieces together, on a fake clock: place, lose a host, wait out lease + margin, move its instances. */
class HostFailureScenarioTest {
    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");

    private static LiveHost host(int n, String rack) {
        return new LiveHost(new InventoryHost("host-" + n, "10.214.0." + n, rack,
                Ipv4Subnet.parse("10.213." + n + ".0/24")), 2, 4096);
    }

    @Test
    void aDeadHostsInstancesMoveOnlyAfterLeasePlusMarginAndOnlyWithAMajority() {
        List<LiveHost> hosts = List.of(host(1, "rack-1"), host(2, "rack-2"), host(3, "rack-3"));
        Placer placer = new Placer(PlacementSettings.DEFAULTS);
        DeploymentDemand web = new DeploymentDemand("webfarm", 5,
                List.of(new RoleDemand("WebRole", 3, new Resources(1, 128))));
        FabricState state = FabricState.of(hosts, List.of(), List.of());
        state = state.apply(web, ((PlacementResult.Placed) placer.place(web, state)).plan());
        assertThat(state.assignments()).extracting(Assignment::host).containsExactly("host-1", "host-2", "host-3");

        HostLiveness liveness = new HostLiveness(LivenessSettings.DEFAULTS, List.of("host-1", "host-2", "host-3"), T0);
        for (int s = 0; s <= 2; s++) {
            for (LiveHost h : hosts) {
                liveness.heartbeat(h.name(), T0.plusSeconds(s), Set.of());
            }
        }
        // host-3 dies after its heartbeat at t=2; the others keep beating
        for (int s = 3; s <= 6; s++) {
            liveness.heartbeat("host-1", T0.plusSeconds(s), Set.of());
            liveness.heartbeat("host-2", T0.plusSeconds(s), Set.of());
            liveness.tick(T0.plusSeconds(s));
            if (s < 6) {
                assertThat(liveness.down()).as("t=%d: inside lease + margin nothing may move", s).isEmpty();
            }
        }
        assertThat(liveness.state("host-3")).isEqualTo(HostState.DOWN);
        assertThat(liveness.gate().open()).isTrue();

        List<LiveHost> live = hosts.stream().filter(h -> liveness.state(h.name()) == HostState.UP).toList();
        FabricState now = new FabricState(live, state.deployments(), state.assignments());
        Reincarnation r = placer.reincarnate(liveness.down(), now);
        assertThat(r.pending()).isEmpty();
        assertThat(r.moved()).singleElement().satisfies(a -> {
            assertThat(a.instance().toString()).isEqualTo("webfarm.WebRole.2");
            assertThat(a.host()).isEqualTo("host-1"); // rack-1 and rack-2 tie; most free memory ties; name
            assertThat(a.address()).isEqualTo("10.213.1.11");
            assertThat(a.updateDomain()).isEqualTo(2);
        });

        // had host-2 died as well, the controller would hear 1 of 3 and move nothing
        HostLiveness isolated = new HostLiveness(LivenessSettings.DEFAULTS, List.of("host-1", "host-2", "host-3"), T0);
        hosts.forEach(h -> isolated.heartbeat(h.name(), T0, Set.of()));
        isolated.heartbeat("host-1", T0.plusSeconds(3), Set.of());
        isolated.tick(T0.plusSeconds(4));
        assertThat(isolated.down()).containsExactly("host-2", "host-3");
        assertThat(isolated.gate().open()).isFalse();
    }
}
