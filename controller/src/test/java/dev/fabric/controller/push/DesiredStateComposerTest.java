package dev.fabric.controller.push;

import dev.fabric.controller.inventory.InventoryHost;
import dev.fabric.controller.inventory.Ipv4Subnet;
import dev.fabric.controller.liveness.PeerGroups;
import dev.fabric.controller.model.Assignment;
import dev.fabric.controller.model.DeploymentRecord;
import dev.fabric.controller.model.InstanceKey;
import dev.fabric.protocol.v1.DesiredState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class DesiredStateComposerTest {
    static InventoryHost host(int n) {
        return new InventoryHost("host-" + n, "10.214." + (n / 250) + "." + (n % 250 + 1), "rack-" + (n % 3),
                Ipv4Subnet.parse("10." + (100 + n / 250) + "." + (n % 250) + ".0/24"));
    }

    static final List<InventoryHost> HOSTS = List.of(host(1), host(2), host(3));
    static final DeploymentRecord WEB = new DeploymentRecord("webfarm", "<csdef/>", "<cscfg/>", 3);
    static final DeploymentRecord ELSEWHERE = new DeploymentRecord("other", "<c/>", "<g/>", 1);

    static Assignment at(String deployment, String role, int index, String host, String address) {
        return new Assignment(new InstanceKey(deployment, role, index), host, address, index % 5, "rack-" + host.charAt(5));
    }

    static final List<Assignment> ASSIGNMENTS = List.of(
            at("webfarm", "WebRole", 1, "host-2", "10.100.2.10"),
            at("webfarm", "WebRole", 0, "host-1", "10.100.1.10"),
            at("webfarm", "WorkerRole", 0, "host-3", "10.100.3.10"),
            at("other", "Role", 0, "host-3", "10.100.3.11"));

    static DesiredState compose(String host, long generation, List<DeploymentRecord> deployments, List<Assignment> assignments,
                                List<InventoryHost> hosts) {
        return DesiredStateComposer.compose(host, new FabricSnapshot(generation, deployments, assignments, hosts, PeerGroups.of(hosts)));
    }

    @Test
    void aHostGetsItsInstancesTheirPeersRoutesToThemAndItsPeerGroup() {
        DesiredState s = compose("host-1", 42, List.of(WEB, ELSEWHERE), ASSIGNMENTS, HOSTS);

        assertThat(s.getGeneration()).isEqualTo(42);
        assertThat(s.getDeploymentsList()).singleElement().satisfies(d -> {
            assertThat(d.getName()).isEqualTo("webfarm");
            assertThat(d.getCsdef()).isEqualTo("<csdef/>");
            assertThat(d.getInstancesList()).extracting(i -> i.getRole() + "." + i.getIndex() + "@" + i.getAddress() + " ud" + i.getUpdateDomain())
                    .containsExactly("WebRole.0@10.100.1.10 ud0");
            assertThat(d.getPeersList()).extracting(p -> p.getRole() + "." + p.getIndex() + "@" + p.getHost())
                    .containsExactly("WebRole.1@host-2", "WorkerRole.0@host-3");
        });
        assertThat(s.getRoutesList()).extracting(r -> r.getSubnet() + " via " + r.getVia())
                .containsExactly("10.100.2.0/24 via 10.214.0.3", "10.100.3.0/24 via 10.214.0.4");
        assertThat(s.getPeersList()).extracting(p -> p.getName() + "@" + p.getAddress())
                .containsExactly("host-2@10.214.0.3", "host-3@10.214.0.4");
    }

    @Test
    void aHostWithoutInstancesGetsNoDeploymentsNoRoutesButItsPeerGroup() {
        DesiredState s = compose("host-2", 1, List.of(ELSEWHERE), ASSIGNMENTS, HOSTS);
        assertThat(s.getDeploymentsList()).isEmpty();
        assertThat(s.getRoutesList()).isEmpty();
        assertThat(s.getPeersList()).extracting(p -> p.getName()).containsExactly("host-1", "host-3");
    }

    @Test
    void routesGoOnlyToHostsHoldingPeersOfTheHostsOwnDeployments() {
        DesiredState s = compose("host-3", 1, List.of(ELSEWHERE), ASSIGNMENTS, HOSTS);
        assertThat(s.getDeploymentsList()).extracting(d -> d.getName()).containsExactly("other");
        assertThat(s.getRoutesList()).as("'other' has no instance elsewhere").isEmpty();
    }

    @Test
    void thePushSizeDoesNotGrowWithTheFabric() {
        List<InventoryHost> many = IntStream.range(0, 10_000).mapToObj(DesiredStateComposerTest::host).toList();
        List<Assignment> web = List.of(at("webfarm", "WebRole", 0, "host-1", "10.100.1.10"),
                at("webfarm", "WebRole", 1, "host-2", "10.100.2.10"));
        FabricSnapshot fabric = new FabricSnapshot(9, List.of(WEB), web, many, PeerGroups.of(many));

        DesiredState idle = DesiredStateComposer.compose("host-5000", fabric);
        assertThat(idle.getPeersCount()).isEqualTo(8);
        assertThat(idle.getRoutesCount()).isZero();
        assertThat(idle.getSerializedSize()).as("a host with nothing to run: generation and 8 peers").isLessThan(400);

        DesiredState busy = DesiredStateComposer.compose("host-1", fabric);
        assertThat(busy.getRoutesList()).extracting(r -> r.getVia()).containsExactly("10.214.0.3");
        assertThat(busy.getSerializedSize()).isLessThan(800);
    }

    static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }

    @Test
    void theSameStateInAnyOrderGivesTheSameBytes() {
        byte[] one = compose("host-3", 7, List.of(WEB, ELSEWHERE), ASSIGNMENTS, HOSTS).toByteArray();
        byte[] two = compose("host-3", 7, List.of(ELSEWHERE, WEB), reversed(ASSIGNMENTS), reversed(HOSTS)).toByteArray();
        assertThat(two).isEqualTo(one);
    }
}
