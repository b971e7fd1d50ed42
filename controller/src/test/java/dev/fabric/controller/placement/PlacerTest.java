package dev.fabric.controller.placement;

import dev.fabric.controller.model.Assignment;
import dev.fabric.controller.model.InstanceKey;
import dev.fabric.servicedef.model.Role;
import dev.fabric.servicedef.model.RoleKind;
import dev.fabric.servicedef.model.Service;
import dev.fabric.servicedef.model.VmSize;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static dev.fabric.controller.placement.Fixtures.countBy;
import static dev.fabric.controller.placement.Fixtures.deployment;
import static dev.fabric.controller.placement.Fixtures.host;
import static dev.fabric.controller.placement.Fixtures.placed;
import static dev.fabric.controller.placement.Fixtures.role;
import static org.assertj.core.api.Assertions.assertThat;

class PlacerTest {
    private final Placer placer = new Placer(PlacementSettings.UNSCALED);

    /** Six hosts, two per rack, 4 CPUs and 8 GiB each. */
    private static List<LiveHost> sixHostsInThreeRacks() {
        return List.of(host("host-1", "rack-1", 1, 4, 8192), host("host-2", "rack-1", 2, 4, 8192),
                host("host-3", "rack-2", 3, 4, 8192), host("host-4", "rack-2", 4, 4, 8192),
                host("host-5", "rack-3", 5, 4, 8192), host("host-6", "rack-3", 6, 4, 8192));
    }

    private static FabricState empty(List<LiveHost> hosts) {
        return FabricState.of(hosts, List.of(), List.of());
    }

    @Test
    void spreadsEachRoleOverFaultDomainsThenHosts() {
        DeploymentDemand web = deployment("webfarm", role("WebRole", 6, 1, 768), role("Worker", 3, 1, 768));
        PlacementPlan plan = placed(placer.place(web, empty(sixHostsInThreeRacks())));

        List<Assignment> webRole = plan.added().stream().filter(a -> a.instance().role().equals("WebRole")).toList();
        assertThat(countBy(webRole, Assignment::faultDomain)).containsOnly(
                Map.entry("rack-1", 2L), Map.entry("rack-2", 2L), Map.entry("rack-3", 2L));
        assertThat(countBy(webRole, Assignment::host)).hasSize(6).allSatisfy((h, n) -> assertThat(n).isEqualTo(1L));
        List<Assignment> worker = plan.added().stream().filter(a -> a.instance().role().equals("Worker")).toList();
        assertThat(countBy(worker, Assignment::faultDomain)).containsOnly(
                Map.entry("rack-1", 1L), Map.entry("rack-2", 1L), Map.entry("rack-3", 1L));
        // ties broken by most free memory, then name: the first instance goes to host-1
        assertThat(plan.added().get(0)).isEqualTo(new Assignment(new InstanceKey("webfarm", "WebRole", 0),
                "host-1", "10.213.1.10", 0, "rack-1"));
        assertThat(plan.removed()).isEmpty();
    }

    @Test
    void updateDomainIsIndexModuloTheCount() {
        DeploymentDemand web = new DeploymentDemand("webfarm", 2, List.of(role("WebRole", 5, 1, 512)));
        PlacementPlan plan = placed(placer.place(web, empty(sixHostsInThreeRacks())));
        assertThat(plan.added()).extracting(a -> a.instance().index() + ":" + a.updateDomain())
                .containsExactly("0:0", "1:1", "2:0", "3:1", "4:0");
        DeploymentDemand fiveDomains = deployment("other", role("R", 7, 1, 256));
        assertThat(placed(placer.place(fiveDomains, empty(sixHostsInThreeRacks()))).added())
                .extracting(Assignment::updateDomain).containsExactly(0, 1, 2, 3, 4, 0, 1);
    }

    @Test
    void refusesWhatDoesNotFitAndSaysWhatIsFree() {
        List<LiveHost> hosts = List.of(host("host-1", "rack-1", 1, 2, 2048), host("host-2", "rack-2", 2, 1, 1024));
        FabricState state = empty(hosts);
        PlacementResult result = placer.place(deployment("webfarm", role("WebRole", 4, 1, 768)), state);
        assertThat(result).isEqualTo(new PlacementResult.Refused("cannot place deployment webfarm: role WebRole"
                + " needs 4 new instances of 1 vCPU/768 MiB and 1 fit nowhere; left free: host-1 (rack-1) 0 vCPU/512 MiB,"
                + " 243 addresses, host-2 (rack-2) 0 vCPU/256 MiB, 244 addresses; add hosts, free capacity or lower"
                + " the instance count (nothing was changed)"));
        assertThat(placer.place(deployment("w", role("R", 1, 1, 128)), empty(List.of())))
                .isInstanceOf(PlacementResult.Refused.class).asString().contains("no host is live");
    }

    @Test
    void otherDeploymentsUseCapacityAndTheCpuRatioCounts() {
        List<LiveHost> hosts = List.of(host("host-1", "rack-1", 1, 2, 4096));
        DeploymentDemand first = deployment("first", role("R", 2, 1, 1024));
        FabricState state = empty(hosts);
        state = state.apply(first, placed(placer.place(first, state)));
        DeploymentDemand second = deployment("second", role("R", 1, 1, 1024));
        assertThat(placer.place(second, state)).isInstanceOf(PlacementResult.Refused.class);
        // with 2 vCPUs per CPU the same host takes it
        Placer overcommit = new Placer(new PlacementSettings(2.0, 1, 1, 0));
        assertThat(placed(overcommit.place(second, state)).added()).singleElement()
                .extracting(Assignment::address).isEqualTo("10.213.1.12");
    }

    @Test
    void memoryIsScaledLikeTheAgentsAndCpusMultipliedByTheDefaultRatio() {
        PlacementSettings defaults = PlacementSettings.DEFAULTS;
        assertThat(defaults.need(new VmSize("ExtraSmall", 1, 768))).isEqualTo(new Resources(1, 128));
        assertThat(defaults.need(new VmSize("Large", 4, 7168))).isEqualTo(new Resources(4, 448));
        assertThat(defaults.capacity(2, 18432)).isEqualTo(new Resources(32, 18432));
        Service service = new Service("svc", "*", 3, List.of(
                new Role("Web", RoleKind.WEB, new VmSize("Small", 1, 1792), 2, List.of(), Map.of()),
                new Role("Work", RoleKind.WORKER, new VmSize("Medium", 2, 3584), 1, List.of(), Map.of())));
        assertThat(DeploymentDemand.of("d", service, defaults)).isEqualTo(new DeploymentDemand("d", 3, List.of(
                new RoleDemand("Web", 2, new Resources(1, 128)), new RoleDemand("Work", 1, new Resources(2, 224)))));
    }

    @Test
    void addressesAreTheLowestFreeFromNetworkPlusTenAndNeverShared() {
        List<LiveHost> hosts = List.of(host("host-1", "rack-1", 1, 64, 65536));
        DeploymentDemand a = deployment("a", role("R", 3, 1, 128));
        FabricState state = empty(hosts);
        state = state.apply(a, placed(placer.place(a, state)));
        assertThat(state.assignments()).extracting(Assignment::address)
                .containsExactly("10.213.1.10", "10.213.1.11", "10.213.1.12");
        DeploymentDemand aSmaller = a.withInstanceCount("R", 1);
        state = state.apply(aSmaller, placed(placer.scale(aSmaller, state))); // frees .11 and .12
        DeploymentDemand b = deployment("b", role("R", 3, 1, 128));
        assertThat(placed(placer.place(b, state)).added()).extracting(Assignment::address)
                .containsExactly("10.213.1.11", "10.213.1.12", "10.213.1.13");
    }

    @Test
    void aFullSubnetIsAFullHost() {
        LiveHost small = new LiveHost(new dev.fabric.controller.inventory.InventoryHost("host-1", "10.214.0.1", "rack-1",
                dev.fabric.controller.inventory.Ipv4Subnet.parse("10.213.1.0/28")), 64, 65536);
        assertThat(placed(placer.place(deployment("a", role("R", 5, 1, 1)), empty(List.of(small)))).added()).hasSize(5);
        assertThat(placer.place(deployment("a", role("R", 6, 1, 1)), empty(List.of(small))))
                .isInstanceOf(PlacementResult.Refused.class).asString().contains("0 addresses");
    }

    @Test
    void scalingUpAddsIndicesAndDownRemovesTheHighestWhileTheRestStayPut() {
        FabricState state = empty(sixHostsInThreeRacks());
        DeploymentDemand web = deployment("webfarm", role("WebRole", 3, 1, 768), role("Worker", 2, 1, 512));
        state = state.apply(web, placed(placer.place(web, state)));
        List<Assignment> before = state.assignments();

        DeploymentDemand up = web.withInstanceCount("WebRole", 5);
        PlacementPlan grow = placed(placer.scale(up, state));
        assertThat(grow.removed()).isEmpty();
        assertThat(grow.added()).extracting(a -> a.instance().toString())
                .containsExactly("webfarm.WebRole.3", "webfarm.WebRole.4");
        assertThat(grow.added()).extracting(Assignment::faultDomain).doesNotHaveDuplicates(); // rack-1..3 had one each
        state = state.apply(up, grow);
        assertThat(state.assignments()).containsAll(before);

        DeploymentDemand down = up.withInstanceCount("WebRole", 2).withInstanceCount("Worker", 0);
        PlacementPlan shrink = placed(placer.scale(down, state));
        assertThat(shrink.added()).isEmpty();
        assertThat(shrink.removed()).extracting(InstanceKey::toString).containsExactlyInAnyOrder(
                "webfarm.WebRole.2", "webfarm.WebRole.3", "webfarm.WebRole.4", "webfarm.Worker.0", "webfarm.Worker.1");
        state = state.apply(down, shrink);
        assertThat(state.assignments()).containsExactlyElementsOf(before.subList(0, 2));

        assertThat(placed(placer.scale(down, state)).added()).as("scaling to the same counts changes nothing").isEmpty();
        assertThat(placer.place(down, state)).isInstanceOf(PlacementResult.Refused.class)
                .asString().contains("already placed");
        assertThat(placer.delete("webfarm", state).removed()).extracting(InstanceKey::toString)
                .containsExactly("webfarm.WebRole.0", "webfarm.WebRole.1");
    }

    @Test
    void reincarnationMovesExactlyTheDownHostsInstances() {
        List<LiveHost> hosts = sixHostsInThreeRacks();
        FabricState state = empty(hosts);
        DeploymentDemand web = deployment("webfarm", role("WebRole", 6, 1, 768));
        DeploymentDemand other = deployment("other", role("Worker", 3, 2, 1024));
        state = state.apply(web, placed(placer.place(web, state)));
        state = state.apply(other, placed(placer.place(other, state)));
        List<Assignment> onHost3 = state.assignments().stream().filter(a -> a.host().equals("host-3")).toList();
        assertThat(onHost3).hasSize(2);

        Reincarnation r = placer.reincarnate(Set.of("host-3"), state);
        assertThat(r.pending()).isEmpty();
        assertThat(r.moved()).extracting(Assignment::instance)
                .containsExactlyInAnyOrderElementsOf(onHost3.stream().map(Assignment::instance).toList());
        for (Assignment moved : r.moved()) {
            Assignment old = onHost3.stream().filter(a -> a.instance().equals(moved.instance())).findFirst().orElseThrow();
            assertThat(moved.host()).isNotEqualTo("host-3");
            assertThat(moved.updateDomain()).isEqualTo(old.updateDomain());
            LiveHost target = hosts.stream().filter(h -> h.name().equals(moved.host())).findFirst().orElseThrow();
            assertThat(target.host().instanceSubnet().contains(
                    dev.fabric.controller.inventory.Ipv4.parse(moved.address()).getAsLong())).isTrue();
        }
        // host-3's partner in rack-2 has the fewest of each role's instances in its fault domain now
        assertThat(r.moved()).extracting(Assignment::host).containsOnly("host-4");
        List<Assignment> after = r.plan().applyTo(state.assignments());
        assertThat(after).hasSameSizeAs(state.assignments());
        assertThat(after).extracting(Assignment::address).doesNotHaveDuplicates();
    }

    @Test
    void reincarnationReportsWhatFitsNowhereAsPendingAndMovesTheRest() {
        List<LiveHost> hosts = List.of(host("host-1", "rack-1", 1, 2, 4096), host("host-2", "rack-2", 2, 1, 1024));
        FabricState state = empty(hosts);
        DeploymentDemand d = deployment("d", role("R", 3, 1, 512));
        state = state.apply(d, placed(placer.place(d, state))); // host-1: R.0, R.2; host-2: R.1
        Reincarnation r = placer.reincarnate(Set.of("host-1"), state);
        assertThat(r.moved()).isEmpty(); // host-2 has no vCPU left
        assertThat(r.pending()).extracting(p -> p.instance().toString()).containsExactly("d.R.0", "d.R.2");
        assertThat(r.pending().get(0).reason()).isEqualTo("no live host has 1 vCPU/512 MiB and an instance address"
                + " free; free: host-2 (rack-2) 0 vCPU/512 MiB, 244 addresses");

        FabricState bigger = new FabricState(List.of(hosts.get(0), host("host-2", "rack-2", 2, 2, 1024)),
                state.deployments(), state.assignments());
        Reincarnation partial = placer.reincarnate(Set.of("host-1"), bigger);
        assertThat(partial.moved()).extracting(a -> a.instance() + "@" + a.host() + "/" + a.address())
                .containsExactly("d.R.0@host-2/10.213.2.11");
        assertThat(partial.pending()).extracting(p -> p.instance().toString()).containsExactly("d.R.2");
    }

    @Test
    void theSameInputInAnyOrderGivesTheSamePlan() {
        List<LiveHost> hosts = new ArrayList<>(sixHostsInThreeRacks());
        DeploymentDemand first = deployment("first", role("A", 4, 1, 700), role("B", 2, 2, 300));
        FabricState state = empty(hosts);
        state = state.apply(first, placed(placer.place(first, state)));
        DeploymentDemand second = deployment("second", role("C", 7, 1, 1000));
        PlacementPlan reference = placed(placer.place(second, state));
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(hosts, random);
            List<Assignment> assignments = new ArrayList<>(state.assignments());
            Collections.shuffle(assignments, random);
            assertThat(placed(placer.place(second, new FabricState(hosts, state.deployments(), assignments))))
                    .isEqualTo(reference);
        }
    }
}
