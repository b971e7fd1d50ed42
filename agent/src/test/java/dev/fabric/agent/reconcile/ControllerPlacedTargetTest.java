package dev.fabric.agent.reconcile;

import dev.fabric.agent.Fixtures;
import dev.fabric.agent.desired.DesiredDeployment;
import dev.fabric.agent.desired.DesiredHost;
import dev.fabric.agent.desired.DesiredStateBuilder;
import dev.fabric.agent.desired.DesiredStateException;
import dev.fabric.agent.desired.HostAssignment;
import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.spec.InstanceSpec;
import dev.fabric.firewall.compile.NftRulesetCompiler;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.PeerPlacement;
import dev.fabric.firewall.ruleset.NftRenderer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A host that runs part of a deployment, at the addresses the controller chose, next to peers on other hosts. */
class ControllerPlacedTargetTest {
    private final DesiredStateBuilder builder = new DesiredStateBuilder(Fixtures.host("tiny"), Fixtures.images());

    private static InstanceId id(String role, int index) {
        return new InstanceId("webfarm", role, index);
    }

    private static Ipv4Address ip(String text) {
        return Ipv4Address.parse(text);
    }

    private static PeerPlacement peer(String role, int index, String address, String host) {
        return new PeerPlacement("webfarm", role, index, ip(address), host);
    }

    @Test
    void onlyTheAssignedInstancesRunHereAtTheControllersAddresses() {
        HostAssignment assigned = new HostAssignment(Map.of(id("WebRole", 1), ip("10.213.0.17"), id("WorkerRole", 0), ip("10.213.0.10")),
                List.of(peer("WebRole", 0, "10.213.2.10", "host-2")));
        DesiredDeployment d = builder.build(Fixtures.webfarm(2), "webfarm", assigned);

        TargetHost target = new TargetHostBuilder().build(new DesiredHost(Fixtures.host("tiny"), List.of(d)), List.of());

        assertThat(target.instances()).extracting(t -> t.spec().id() + "=" + t.spec().network().address() + " " + t.spec().network().tap())
                .containsExactly("webfarm.WebRole.1=10.213.0.17 fab-7", "webfarm.WorkerRole.0=10.213.0.10 fab-0");
        assertThat(target.firewall().deployments().get(0).peers()).containsExactly(peer("WebRole", 0, "10.213.2.10", "host-2"));
        String rules = NftRenderer.replace(new NftRulesetCompiler().compile(target.firewall().deployments(), target.firewall().network()));
        assertThat(rules).contains("10.213.0.17", "10.213.0.10").doesNotContain("10.213.0.11");
    }

    @Test
    void aRunningDomainAtAnotherAddressIsMovedToTheAssignedOne() {
        HostAssignment first = new HostAssignment(Map.of(id("WebRole", 0), ip("10.213.0.10")), List.of());
        TargetHost before = new TargetHostBuilder().build(
                new DesiredHost(Fixtures.host("tiny"), List.of(builder.build(Fixtures.webfarm(1), "webfarm", first))), List.of());
        InstanceSpec running = before.instances().get(0).spec();
        List<ObservedDomain> observed = List.of(ObservedDomain.fabric(running, DomainState.RUNNING, Health.UNKNOWN));

        HostAssignment moved = new HostAssignment(Map.of(id("WebRole", 0), ip("10.213.0.12")), List.of());
        TargetHost after = new TargetHostBuilder().build(
                new DesiredHost(Fixtures.host("tiny"), List.of(builder.build(Fixtures.webfarm(1), "webfarm", moved))), observed);

        assertThat(after.instances().get(0).spec().network().address()).isEqualTo(ip("10.213.0.12"));
    }

    @Test
    void aStrayDomainCannotTakeAnAssignedAddress() {
        HostAssignment stray = new HostAssignment(Map.of(new InstanceId("old", "WebRole", 0), ip("10.213.0.10")), List.of());
        var strayHost = new DesiredHost(Fixtures.host("tiny"), List.of(builder.build(Fixtures.webfarm(1), "old", stray)));
        InstanceSpec strayRunning = new TargetHostBuilder().build(strayHost, List.of()).instances().get(0).spec();

        HostAssignment mine = new HostAssignment(Map.of(id("WebRole", 0), ip("10.213.0.10")), List.of());
        TargetHost target = new TargetHostBuilder().build(
                new DesiredHost(Fixtures.host("tiny"), List.of(builder.build(Fixtures.webfarm(1), "webfarm", mine))),
                List.of(ObservedDomain.fabric(strayRunning, DomainState.RUNNING, Health.UNKNOWN)));

        assertThat(target.instances()).extracting(t -> t.spec().network().address()).containsExactly(ip("10.213.0.10"));
    }

    @Test
    void anAssignmentTheDefinitionDoesNotHaveIsRefused() {
        HostAssignment wrong = new HostAssignment(Map.of(id("WebRole", 5), ip("10.213.0.10")), List.of());
        assertThatThrownBy(() -> builder.build(Fixtures.webfarm(2), "webfarm", wrong))
                .isInstanceOf(DesiredStateException.class)
                .hasMessage("the controller assigned instance webfarm.WebRole.5 to this host, but deployment webfarm has no"
                        + " such instance (roles and counts of its definition)");
    }

    @Test
    void anAddressOutsideThisHostsSubnetIsRefusedBeforeAnyAction() {
        HostAssignment wrong = new HostAssignment(Map.of(id("WebRole", 0), ip("10.213.2.10")), List.of());
        DesiredDeployment d = builder.build(Fixtures.webfarm(1), "webfarm", wrong);
        assertThatThrownBy(() -> new TargetHostBuilder().build(new DesiredHost(Fixtures.host("tiny"), List.of(d)), List.of()))
                .isInstanceOf(DesiredStateException.class)
                .hasMessage("webfarm.WebRole.0: the assigned address 10.213.2.10 is not an instance address of this host's"
                        + " subnet 10.213.0.0/24 (network+10 up to broadcast-1)");
    }

    @Test
    void twoInstancesAssignedOneAddressIsRefused() {
        HostAssignment twice = new HostAssignment(Map.of(id("WebRole", 0), ip("10.213.0.10"), id("WebRole", 1), ip("10.213.0.10")), List.of());
        DesiredDeployment d = builder.build(Fixtures.webfarm(2), "webfarm", twice);
        assertThatThrownBy(() -> new TargetHostBuilder().build(new DesiredHost(Fixtures.host("tiny"), List.of(d)), List.of()))
                .isInstanceOf(DesiredStateException.class)
                .hasMessage("webfarm.WebRole.1: the assigned address 10.213.0.10 is assigned to another instance too");
    }
}
