package dev.fabric.firewall.ruleset;

import dev.fabric.nativelib.libc.TestNetns;
import dev.fabric.firewall.compile.NftRulesetCompiler;
import dev.fabric.firewall.compile.Services;
import dev.fabric.firewall.placement.HostNetwork;
import dev.fabric.firewall.placement.Ipv4Subnet;
import dev.fabric.firewall.placement.SamplePlacement;
import dev.fabric.nativelib.libc.NetnsThread;
import dev.fabric.nativelib.nftables.Nftables;
import dev.fabric.servicedef.model.RoleKind;
import dev.fabric.servicedef.model.Service;
import dev.fabric.servicedef.model.Transport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.fabric.firewall.compile.Services.input;
import static dev.fabric.firewall.compile.Services.role;
import static dev.fabric.firewall.compile.Services.service;
import static org.assertj.core.api.Assertions.assertThat;

class NftUpdateTest {
    static final Ipv4Subnet SUBNET = Ipv4Subnet.parse("10.213.0.0/24");
    static final HostNetwork NET = SamplePlacement.network(SUBNET, null);

    static Ruleset compile(Service s) {
        return new NftRulesetCompiler().compile(List.of(SamplePlacement.place("d", s, SUBNET)), NET);
    }

    @Test
    void identicalRulesetsNeedNoCommands() {
        assertThat(NftUpdate.between(compile(Services.webFarm()), compile(Services.webFarm()))).isEmpty();
    }

    @Test
    void scalingOutIsElementAddsAndOneChainRefill() {
        Service three = service("S", role("Web", RoleKind.WEB, 3, input("Http", Transport.TCP, 80, 8080)));
        Service four = service("S", role("Web", RoleKind.WEB, 4, input("Http", Transport.TCP, 80, 8080)));
        String update = NftUpdate.between(compile(three), compile(four));
        assertThat(update).doesNotContain("delete table")
                .contains("delete element inet fabric ingress_ranges {\n\t10.213.0.10-10.213.0.12 . tcp . 8080\n}")
                .contains("add element inet fabric ingress_ranges {\n\t10.213.0.10-10.213.0.13 . tcp . 8080 comment \"d/Web/0 .. d/Web/3: Http\" : accept\n}")
                .contains("add element bridge fabric tap_addr {\n\t\"fab-3\" . 52:54:00:d5:00:0d . 10.213.0.13\n}")
                .contains("flush chain inet fabric lb_d_Web_Http\n")
                .contains("add rule inet fabric lb_d_Web_Http meta l4proto tcp dnat ip to numgen inc mod 4 map @lb_d_Web_Http");
        assertThat(update.lines().filter(l -> l.startsWith("flush chain"))).hasSize(1);
    }

    @Test
    void everyUpdateBetweenGoldenCasesLeavesTheKernelExactlyAsAFullApplyWould() {
        List<Ruleset> all = List.of(compile(Services.webFarm()), compile(Services.acls()), compile(Services.internalAny()),
                compile(Services.internalTrafficRules()), compile(Services.instanceInput()), compile(Services.dynamicPorts()),
                new NftRulesetCompiler().compile(List.of(), NET));
        try (TestNetns ns = TestNetns.create("diff-" + ProcessHandle.current().pid());
             NetnsThread thread = NetnsThread.join(ns.name())) {
            thread.call(() -> {
                try (Nftables nft = Nftables.open()) {
                    for (Ruleset from : all) {
                        for (Ruleset to : all) {
                            nft.run(NftRenderer.replace(from));
                            nft.run(NftUpdate.between(from, to) + "\n");
                            String updated = normalized(nft.run("list ruleset"));
                            nft.run(NftRenderer.replace(to));
                            assertThat(updated).isEqualTo(normalized(nft.run("list ruleset")));
                        }
                    }
                }
                return null;
            });
        }
    }

    /** The listing's fragments sorted: element order within a set is the kernel's and may differ. */
    static String normalized(String listing) {
        return java.util.Arrays.stream(listing.split("[,{}\\n]")).map(String::strip).filter(x -> !x.isEmpty())
                .sorted().collect(java.util.stream.Collectors.joining("\n"));
    }
}
