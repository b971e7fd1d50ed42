package dev.fabric.agent.verify;

import dev.fabric.agent.Fixtures;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.verify.PortSet;
import dev.fabric.servicedef.model.AclRule;
import dev.fabric.servicedef.model.Endpoint;
import dev.fabric.servicedef.model.PortRange;
import dev.fabric.servicedef.model.Role;
import dev.fabric.servicedef.model.RoleKind;
import dev.fabric.servicedef.model.Transport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** What must answer from outside a deployment: local ports of public endpoints, as their ACLs allow; never internal ones. */
class DeclaredPortsTest {
    private static final Ipv4Address OUTSIDE = Ipv4Address.parse("10.213.255.2");
    private static final Ipv4Address PROBE = Ipv4Address.parse("10.213.0.254");

    private static Role role(Endpoint... endpoints) {
        return new Role("R", RoleKind.WORKER, Fixtures.SMALL, 4, List.of(endpoints), Map.of());
    }

    @Test
    void inputAndInstanceInputLocalPortsAreDeclaredInternalOnesAreNot() {
        Role role = role(new Endpoint.Input("Web", Transport.TCP, 80, 8080, List.of()),
                new Endpoint.InstanceInput("Admin", Transport.TCP, 8080, new PortRange(10000, 10003), List.of()),
                new Endpoint.InstanceInput("Ssh", Transport.TCP, 22, new PortRange(20000, 20003), List.of()),
                new Endpoint.Internal("Work", Transport.TCP, new PortRange(9000, 9002), Set.of("R")),
                new Endpoint.Internal("All", Transport.ANY, PortRange.all(), Set.of()));

        assertThat(DeclaredPorts.tcp(role)).isEqualTo(PortSet.of(22, 8080));
        assertThat(DeclaredPorts.reachableFrom(role, PROBE)).isEqualTo(PortSet.of(22, 8080));
        assertThat(DeclaredPorts.tcp(Fixtures.webfarm(2).roles().get(1))).isEqualTo(PortSet.empty());
    }

    @Test
    void anAclNarrowsWhatOneSourceMayReachAndAnOpenEndpointOnTheSamePortWins() {
        List<AclRule> outsideOnly = List.of(new AclRule(100, AclRule.Action.PERMIT, "10.213.255.0/30"));
        Role role = role(new Endpoint.Input("Web", Transport.TCP, 80, 8080, outsideOnly),
                new Endpoint.Input("Api", Transport.TCP, 81, 8081, outsideOnly),
                new Endpoint.InstanceInput("Direct", Transport.TCP, 8081, new PortRange(10000, 10003), List.of()));

        assertThat(DeclaredPorts.reachableFrom(role, OUTSIDE)).isEqualTo(PortSet.of(8080, 8081));
        assertThat(DeclaredPorts.reachableFrom(role, PROBE)).isEqualTo(PortSet.of(8081));
        assertThat(DeclaredPorts.tcp(role)).isEqualTo(PortSet.of(8080, 8081));
    }

    @Test
    void udpEndpointsAreNamedAsUncheckableAndLeftOutOfTheTcpPorts() {
        Role game = Fixtures.everything().roles().get(0);

        assertThat(DeclaredPorts.uncheckable(game)).containsExactly("Rcon udp/27015");
        assertThat(DeclaredPorts.tcp(game)).isEqualTo(PortSet.of(8080));
    }

    @Test
    void publicPortsAreTheInputPortAndTheInstancesOwnInstanceInputPort() {
        Role role = role(new Endpoint.Input("Web", Transport.TCP, 80, 8080, List.of()),
                new Endpoint.Input("Dns", Transport.UDP, 53, 53, List.of()),
                new Endpoint.InstanceInput("Admin", Transport.TCP, 22, new PortRange(10000, 10003), List.of()));

        assertThat(DeclaredPorts.publicPorts(role, 3)).extracting(PublicPort::endpoint, PublicPort::port,
                        PublicPort::localPort, PublicPort::perInstance)
                .containsExactly(tuple("Web", 80, 8080, false), tuple("Admin", 10003, 22, true));
    }
}
