package dev.fabric.cli;

import dev.fabric.agent.run.EndpointStatus;
import dev.fabric.servicedef.model.AclRule;
import dev.fabric.servicedef.model.Endpoint;
import dev.fabric.servicedef.model.PortRange;
import dev.fabric.servicedef.model.Transport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The endpoint objects of {@code fabric agent status --json}, one per endpoint kind (the shape in USER-GUIDE.md). */
class StatusJsonTest {

    private static Map<String, Object> json(Endpoint e, int index) {
        return StatusJson.endpoint(EndpointStatus.of(e, index));
    }

    @Test
    void anInputEndpointHasItsPublicAndLocalPortAndItsAcl() {
        Map<String, Object> m = json(new Endpoint.Input("Http", Transport.TCP, 80, 8080,
                List.of(new AclRule(100, AclRule.Action.PERMIT, "10.213.255.0/30"), new AclRule(200, AclRule.Action.DENY, "0.0.0.0/0"))), 1);

        assertThat(m).containsExactly(Map.entry("name", "Http"), Map.entry("kind", "input"), Map.entry("protocol", "tcp"),
                Map.entry("localPort", 8080), Map.entry("localPorts", Map.of("min", 8080, "max", 8080)),
                Map.entry("publicPort", 80),
                Map.entry("acl", List.of(Map.of("order", 100, "action", "permit", "remoteSubnet", "10.213.255.0/30"),
                        Map.of("order", 200, "action", "deny", "remoteSubnet", "0.0.0.0/0"))),
                Map.entry("text", "Http input tcp 80->8080"));
    }

    @Test
    void anInstanceInputEndpointNamesThisInstancesPublicPortAndTheDeclaredRange() {
        Endpoint.InstanceInput rcon = new Endpoint.InstanceInput("Rcon", Transport.UDP, 27015, new PortRange(30000, 30009), List.of());

        assertThat(json(rcon, 0)).containsEntry("kind", "instanceInput").containsEntry("protocol", "udp")
                .containsEntry("localPort", 27015).containsEntry("publicPort", 30000)
                .containsEntry("publicPorts", Map.of("min", 30000, "max", 30009))
                .containsEntry("acl", List.of()).doesNotContainKey("allowedFromRoles");
        assertThat(json(rcon, 3)).containsEntry("publicPort", 30003);
    }

    @Test
    void anInternalRangeHasNoSingleLocalPortNoPublicPortAndTheRolesThatMayReachIt() {
        Map<String, Object> m = json(new Endpoint.Internal("Gossip", Transport.TCP, new PortRange(7000, 7003),
                Set.of("Worker", "Game")), 0);

        assertThat(m).containsEntry("kind", "internal").containsEntry("localPorts", Map.of("min", 7000, "max", 7003))
                .containsEntry("allowedFromRoles", List.of("Game", "Worker"))
                .doesNotContainKeys("localPort", "publicPort", "publicPorts", "acl");
        assertThat(json(new Endpoint.Internal("All", Transport.ANY, PortRange.all(), Set.of()), 0))
                .containsEntry("protocol", "any").containsEntry("localPorts", Map.of("min", 1, "max", 65535))
                .containsEntry("allowedFromRoles", List.of());
    }
}
