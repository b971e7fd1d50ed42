package dev.fabric.firewall.compile;

import dev.fabric.firewall.placement.HostNetwork;
import dev.fabric.firewall.placement.Ipv4Subnet;
import dev.fabric.firewall.placement.SamplePlacement;
import dev.fabric.servicedef.model.PortRange;
import dev.fabric.servicedef.model.RoleKind;
import dev.fabric.servicedef.model.Transport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.fabric.firewall.compile.Services.input;
import static dev.fabric.firewall.compile.Services.instanceInput;
import static dev.fabric.firewall.compile.Services.role;
import static dev.fabric.firewall.compile.Services.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompilerChecksTest {
    static final Ipv4Subnet A = Ipv4Subnet.parse("10.213.0.0/24");
    static final HostNetwork NET = SamplePlacement.network(A, null);

    @Test
    void twoDeploymentsCannotShareAPublicPortOnOneHost() {
        var one = SamplePlacement.place("one", service("S", role("Web", RoleKind.WEB, 1, input("Http", Transport.TCP, 80, 8080))), A);
        var twoService = service("T", role("Web", RoleKind.WEB, 1, input("Http", Transport.TCP, 80, 8080)));
        // same subnet would clash on addresses first; shift the second deployment's instances by hand
        var two = new dev.fabric.firewall.placement.HostDeployment("two", twoService, List.of(
                new dev.fabric.firewall.placement.InstancePlacement("two", "Web", 0,
                        dev.fabric.firewall.placement.Ipv4Address.parse("10.213.0.50"),
                        new dev.fabric.firewall.placement.MacAddress("52:54:00:d5:00:32"), "fab-50")));
        assertThatThrownBy(() -> new NftRulesetCompiler().compile(List.of(one, two), NET))
                .isInstanceOf(FirewallCompileException.class)
                .hasMessage("two/Web/Http: public port TCP 80 is already used by one/Web/Http");
    }

    @Test
    void anInstanceBeyondItsPublicPortRangeIsRefused() {
        var s = service("S", role("Web", RoleKind.WEB, 3, instanceInput("Rdp", Transport.TCP, 3389, 10000, 10001)));
        assertThatThrownBy(() -> new NftRulesetCompiler().compile(List.of(SamplePlacement.place("d", s, A)), NET))
                .hasMessageContaining("d/Web/Rdp: instance 2 has no public port");
    }

    @Test
    void overlappingRangesAreCutIntoDisjointSegments() {
        Grant open = Grant.open("Input");
        Grant grp = new Grant("Internal", "grp_d");
        var segs = PortSegments.of(List.of(new PortSegments.Covered(new PortRange(8000, 8010), grp),
                new PortSegments.Covered(PortRange.single(8005), open)));
        assertThat(segs).extracting(s -> s.range().toString(), s -> s.grants().size())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("8000-8004", 1),
                        org.assertj.core.groups.Tuple.tuple("8005", 2),
                        org.assertj.core.groups.Tuple.tuple("8006-8010", 1));
    }

    @Test
    void peersOnOtherHostsJoinTheSourceGroupOfTheirRoleOnly() {
        var shop = service("Shop", role("Web", RoleKind.WEB, 1, input("Http", Transport.TCP, 80, 8080)),
                role("Worker", RoleKind.WORKER, 1, Services.internal("Api", Transport.TCP, PortRange.single(9000), "Web")));
        var local = SamplePlacement.place("shop", shop, A);
        var peers = List.of(
                new dev.fabric.firewall.placement.PeerPlacement("shop", "Web", 1,
                        dev.fabric.firewall.placement.Ipv4Address.parse("10.213.2.10"), "host-2"),
                new dev.fabric.firewall.placement.PeerPlacement("shop", "Worker", 1,
                        dev.fabric.firewall.placement.Ipv4Address.parse("10.213.3.10"), "host-3"));
        var withPeers = new dev.fabric.firewall.placement.HostDeployment("shop", shop, local.instances(), peers);
        String text = dev.fabric.firewall.ruleset.NftRenderer.replace(new NftRulesetCompiler().compile(List.of(withPeers), NET));
        String group = text.substring(text.indexOf("set grp_shop_Web"), text.indexOf("}", text.indexOf("set grp_shop_Web")));
        assertThat(group).contains("10.213.0.10").contains("10.213.2.10").doesNotContain("10.213.3.10");
        // a peer opens nothing on this host
        assertThat(text.replace(group, "")).doesNotContain("10.213.2.10").doesNotContain("10.213.3.10");
    }

    @Test
    void aPeerWithAnAddressOfThisHostsSubnetIsRefused() {
        var shop = service("Shop", role("Web", RoleKind.WEB, 1, input("Http", Transport.TCP, 80, 8080)),
                role("Worker", RoleKind.WORKER, 1, Services.internal("Api", Transport.TCP, PortRange.single(9000), "Web")));
        var local = SamplePlacement.place("shop", shop, A);
        var peer = new dev.fabric.firewall.placement.PeerPlacement("shop", "Web", 1,
                dev.fabric.firewall.placement.Ipv4Address.parse("10.213.0.77"), "host-2");
        var d = new dev.fabric.firewall.placement.HostDeployment("shop", shop, local.instances(), List.of(peer));
        assertThatThrownBy(() -> new NftRulesetCompiler().compile(List.of(d), NET))
                .isInstanceOf(FirewallCompileException.class)
                .hasMessage("peer instance shop/Web/1@host-2: address 10.213.0.77 is inside this host's instance subnet"
                        + " 10.213.0.0/24; instances on other hosts must have addresses of their own host's subnet");
    }

    @Test
    void sanitisedNamesThatCollideGetAHash() {
        Names names = new Names();
        String a = names.identifier("acl", "d", "Web.Front", "Http");
        String b = names.identifier("acl", "d", "Web Front", "Http");
        assertThat(a).isEqualTo("acl_d_Web_Front_Http");
        assertThat(b).startsWith("acl_d_Web_Front_Http_").isNotEqualTo(a);
        assertThat(names.identifier("acl", "d", "Web.Front", "Http")).isEqualTo(a);
    }
}
