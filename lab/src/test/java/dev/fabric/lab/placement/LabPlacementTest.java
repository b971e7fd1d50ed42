package dev.fabric.lab.placement;

import dev.fabric.servicedef.model.Endpoint;
import dev.fabric.servicedef.model.PortRange;
import dev.fabric.servicedef.model.Role;
import dev.fabric.servicedef.model.RoleKind;
import dev.fabric.servicedef.model.Service;
import dev.fabric.servicedef.model.Transport;
import dev.fabric.servicedef.model.VmSize;
import dev.fabric.firewall.placement.Ipv4Subnet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

class LabPlacementTest {

    static Role role(String name, RoleKind kind, int count, Endpoint... endpoints) {
        return new Role(name, kind, (VmSize) null, count, List.of(endpoints), Map.of());
    }

    static Service webfarm() {
        return new Service("webfarm", "6", 5, List.of(
                role("WebRole", RoleKind.WEB, 2, new Endpoint.Input("HttpIn", Transport.TCP, 80, 8080, List.of())),
                role("WorkerRole", RoleKind.WORKER, 1,
                        new Endpoint.Internal("Work", Transport.TCP, PortRange.single(9000), Set.of("WebRole", "WorkerRole")))));
    }

    @Test
    void numbersInstancesOverRolesInDefinitionOrderWithAddressMacAndTap() {
        List<PlacedInstance> placed = LabPlacement.place(webfarm(), Ipv4Subnet.parse("10.213.0.0/24"));

        assertThat(placed).extracting(PlacedInstance::index, PlacedInstance::instanceId, PlacedInstance::address,
                PlacedInstance::mac, PlacedInstance::tap, PlacedInstance::gateway).containsExactly(
                tuple(0, "WebRole_IN_0", "10.213.0.10", "52:54:00:d5:00:0a", "fab-0", "10.213.0.1"),
                tuple(1, "WebRole_IN_1", "10.213.0.11", "52:54:00:d5:00:0b", "fab-1", "10.213.0.1"),
                tuple(2, "WorkerRole_IN_0", "10.213.0.12", "52:54:00:d5:00:0c", "fab-2", "10.213.0.1"));
    }

    @Test
    void macTakesTheLastThreeBytesOfTheAddress() {
        List<PlacedInstance> placed = LabPlacement.place(webfarm(), Ipv4Subnet.parse("172.16.254.0/23"));
        assertThat(placed.get(2).address()).isEqualTo("172.16.254.12");
        assertThat(placed.get(2).mac()).isEqualTo("52:54:00:10:fe:0c");
    }
}
