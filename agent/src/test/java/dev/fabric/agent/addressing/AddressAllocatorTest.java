package dev.fabric.agent.addressing;

import dev.fabric.agent.Fixtures;
import dev.fabric.agent.desired.InstanceId;
import dev.fabric.firewall.placement.HostDeployment;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.Ipv4Subnet;
import dev.fabric.firewall.placement.MacAddress;
import dev.fabric.firewall.placement.SamplePlacement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressAllocatorTest {
    private final AddressAllocator allocator = new AddressAllocator(Fixtures.SUBNET);

    private static InstanceId id(String role, int index) {
        return new InstanceId("webfarm", role, index);
    }

    private static Ipv4Address ip(String text) {
        return Ipv4Address.parse(text);
    }

    @Test
    void aFreshHostGetsExactlyTheSamplePlacement() {
        List<InstanceId> ids = List.of(id("WebRole", 0), id("WebRole", 1), id("WorkerRole", 0));

        List<Assignment> got = allocator.allocate(ids, List.of());

        HostDeployment sample = SamplePlacement.place("webfarm", Fixtures.webfarm(2), Fixtures.SUBNET);
        assertThat(got).extracting(Assignment::address).containsExactlyElementsOf(
                sample.instances().stream().map(p -> p.address()).toList());
        assertThat(got).extracting(Assignment::mac).containsExactlyElementsOf(
                sample.instances().stream().map(p -> p.mac()).toList());
        assertThat(got).extracting(Assignment::tap).containsExactly("fab-0", "fab-1", "fab-2");
        assertThat(got.get(0).mac()).isEqualTo(new MacAddress("52:54:00:d5:00:0a"));
    }

    @Test
    void existingInstancesKeepTheirAddressesAndNewOnesTakeTheLowestFree() {
        // WebRole.0 went away; WebRole.1 lives at .11 and WorkerRole.0 at .12; a new WebRole.2 appears.
        List<Assignment> observed = List.of(allocator.assignment(id("WebRole", 1), ip("10.213.0.11")),
                allocator.assignment(id("WorkerRole", 0), ip("10.213.0.12")));

        List<Assignment> got = allocator.allocate(List.of(id("WebRole", 1), id("WebRole", 2), id("WorkerRole", 0)), observed);

        assertThat(got).extracting(a -> a.id().text() + "=" + a.address() + "/" + a.tap()).containsExactly(
                "webfarm.WebRole.1=10.213.0.11/fab-1", "webfarm.WebRole.2=10.213.0.10/fab-0",
                "webfarm.WorkerRole.0=10.213.0.12/fab-2");
    }

    @Test
    void addressesOfDomainsStillBeingRemovedAreNotReused() {
        List<Assignment> observed = List.of(allocator.assignment(id("Old", 0), ip("10.213.0.10")));

        List<Assignment> got = allocator.allocate(List.of(id("New", 0)), observed);

        assertThat(got.get(0).address()).isEqualTo(ip("10.213.0.11"));
    }

    @Test
    void anAddressOutsideTheSubnetOrInTheReservedLowRangeIsReplaced() {
        List<Assignment> observed = List.of(
                new Assignment(id("WebRole", 0), ip("192.168.7.10"), SamplePlacement.macFor(ip("192.168.7.10")), "fab-0"),
                new Assignment(id("WebRole", 1), ip("10.213.0.1"), SamplePlacement.macFor(ip("10.213.0.1")), "fab-x"));

        List<Assignment> got = allocator.allocate(List.of(id("WebRole", 0), id("WebRole", 1)), observed);

        assertThat(got).extracting(Assignment::address).containsExactly(ip("10.213.0.10"), ip("10.213.0.11"));
    }

    @Test
    void twoDomainsClaimingOneAddressLeaveItToTheLowerInstanceId() {
        List<Assignment> observed = List.of(allocator.assignment(id("WebRole", 1), ip("10.213.0.20")),
                allocator.assignment(id("WebRole", 0), ip("10.213.0.20")));

        List<Assignment> got = allocator.allocate(List.of(id("WebRole", 0), id("WebRole", 1)), observed);

        assertThat(got).extracting(Assignment::address).containsExactly(ip("10.213.0.20"), ip("10.213.0.10"));
    }

    @Test
    void aDomainThatIsNoLongerDesiredNeverTakesTheAddressOfADesiredOne() {
        // seen in the lab: a stray domain of another deployment ("another" < "webfarm") claimed 10.213.0.10
        List<Assignment> observed = List.of(allocator.assignment(id("WebRole", 0), ip("10.213.0.10")),
                allocator.assignment(new InstanceId("another", "Probe", 0), ip("10.213.0.10")));

        List<Assignment> got = allocator.allocate(List.of(id("WebRole", 0), id("WebRole", 1)), observed);

        assertThat(got).extracting(Assignment::address).containsExactly(ip("10.213.0.10"), ip("10.213.0.11"));
    }

    @Test
    void observedMacAndTapAreReDerivedFromTheAddress() {
        List<Assignment> observed = List.of(new Assignment(id("WebRole", 0), ip("10.213.0.15"),
                new MacAddress("02:00:00:00:00:01"), "weird0"));

        Assignment got = allocator.allocate(List.of(id("WebRole", 0)), observed).get(0);

        assertThat(got).isEqualTo(new Assignment(id("WebRole", 0), ip("10.213.0.15"),
                new MacAddress("52:54:00:d5:00:0f"), "fab-5"));
    }

    @Test
    void neverGivesOutNetworkGatewayLowRangeOrBroadcast() {
        AddressAllocator small = new AddressAllocator(Ipv4Subnet.parse("10.9.8.0/28"));
        List<InstanceId> five = IntStream.range(0, 5).mapToObj(i -> id("R", i)).toList();

        List<Assignment> got = small.allocate(five, List.of());

        assertThat(got).extracting(a -> a.address().toString())
                .containsExactly("10.9.8.10", "10.9.8.11", "10.9.8.12", "10.9.8.13", "10.9.8.14");
        assertThatThrownBy(() -> small.assignment(id("R", 9), ip("10.9.8.15")))
                .hasMessageContaining("is not an instance address of 10.9.8.0/28");
        assertThatThrownBy(() -> small.assignment(id("R", 9), ip("10.9.8.1")))
                .hasMessageContaining("is not an instance address");
    }

    @Test
    void subnetExhaustionIsAClearError() {
        AddressAllocator small = new AddressAllocator(Ipv4Subnet.parse("10.9.8.0/28"));
        List<Assignment> observed = List.of(small.assignment(id("Old", 0), ip("10.9.8.12")));
        List<InstanceId> five = IntStream.range(0, 5).mapToObj(i -> id("R", i)).toList();

        assertThatThrownBy(() -> small.allocate(five, observed))
                .isInstanceOf(SubnetExhaustedException.class)
                .hasMessage("instance subnet 10.9.8.0/28 has no free address for webfarm.R.4: 5 new instance(s) need"
                        + " addresses, 5 of 5 usable addresses (network+10 up to broadcast-1) are taken;"
                        + " use a larger subnet or remove a deployment");
    }

    @Test
    void aSubnetTooSmallForAnyInstanceIsRefused() {
        assertThatThrownBy(() -> new AddressAllocator(Ipv4Subnet.parse("10.9.8.0/29")))
                .hasMessageContaining("too small");
    }

    @Test
    void allocationIsStableWhenRepeatedWithItsOwnResult() {
        List<InstanceId> ids = IntStream.range(0, 50).mapToObj(i -> id("R", i)).toList();
        List<Assignment> first = allocator.allocate(ids, List.of());

        assertThat(allocator.allocate(ids, first)).isEqualTo(first);
        List<InstanceId> reversed = new java.util.ArrayList<>(ids);
        java.util.Collections.reverse(reversed);
        assertThat(allocator.allocate(reversed, first)).containsExactlyInAnyOrderElementsOf(first);
    }
}
