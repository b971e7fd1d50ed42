package dev.fabric.firewall.placement;

import dev.fabric.firewall.compile.Services;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamplePlacementTest {
    static final Ipv4Subnet SUBNET = Ipv4Subnet.parse("10.213.0.0/24");

    @Test
    void numbersInstancesOverRolesInDefinitionOrder() {
        HostDeployment d = SamplePlacement.place("farm", Services.webFarm(), SUBNET); // WebRole x3, WorkerRole x2
        assertThat(d.instances()).extracting(InstancePlacement::label, i -> i.address().toString(), i -> i.mac().text(),
                        InstancePlacement::tap)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("farm/WebRole/0", "10.213.0.10", "52:54:00:d5:00:0a", "fab-0"),
                        org.assertj.core.groups.Tuple.tuple("farm/WebRole/1", "10.213.0.11", "52:54:00:d5:00:0b", "fab-1"),
                        org.assertj.core.groups.Tuple.tuple("farm/WebRole/2", "10.213.0.12", "52:54:00:d5:00:0c", "fab-2"),
                        org.assertj.core.groups.Tuple.tuple("farm/WorkerRole/0", "10.213.0.13", "52:54:00:d5:00:0d", "fab-3"),
                        org.assertj.core.groups.Tuple.tuple("farm/WorkerRole/1", "10.213.0.14", "52:54:00:d5:00:0e", "fab-4"));
    }

    @Test
    void gatewayIsNetworkPlusOneAndTheExternalAddressDefaultsToIt() {
        HostNetwork net = SamplePlacement.network(SUBNET, null);
        assertThat(net.gateway()).hasToString("10.213.0.1");
        assertThat(net.externalAddresses()).extracting(Object::toString).containsExactly("10.213.0.1");
        assertThat(SamplePlacement.network(SUBNET, Ipv4Address.parse("10.213.255.1")).externalAddresses())
                .extracting(Object::toString).containsExactly("10.213.255.1");
    }

    @Test
    void refusesASubnetTooSmallAndSaysSo() {
        assertThatThrownBy(() -> SamplePlacement.place("farm", Services.webFarm(), Ipv4Subnet.parse("10.0.0.0/29")))
                .hasMessageContaining("too small for 5 instances");
        assertThatThrownBy(() -> Ipv4Subnet.parse("10.213.0.1/24")).hasMessageContaining("did you mean 10.213.0.0/24");
    }
}
