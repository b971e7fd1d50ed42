package dev.fabric.agent.reconcile;

import dev.fabric.agent.Fixtures;
import dev.fabric.agent.desired.DesiredHost;
import dev.fabric.agent.desired.DesiredStateBuilder;
import dev.fabric.firewall.compile.FirewallCompileException;
import dev.fabric.firewall.compile.NftRulesetCompiler;
import dev.fabric.firewall.ruleset.NftRenderer;
import dev.fabric.firewall.placement.HostDeployment;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.SamplePlacement;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetHostBuilderTest {

    @Test
    void aFreshHostsFirewallPlanIsTheSamplePlacement() {
        TargetHost target = HostStates.target("tiny", Fixtures.webfarm(2));

        HostDeployment sample = SamplePlacement.place("webfarm", Fixtures.webfarm(2), Fixtures.SUBNET);
        assertThat(target.firewall().deployments()).containsExactly(sample);
        assertThat(target.firewall().network()).isEqualTo(SamplePlacement.network(Fixtures.SUBNET, Ipv4Address.parse("10.213.255.1")));
    }

    @Test
    void twoDeploymentsShareTheSubnetWithoutOverlap() {
        TargetHost target = HostStates.target("tiny", Fixtures.webfarm(2), Fixtures.everything());

        assertThat(target.instances()).extracting(t -> t.spec().id() + "=" + t.spec().network().address())
                .containsExactly("webfarm.WebRole.0=10.213.0.10", "webfarm.WebRole.1=10.213.0.11", "webfarm.WorkerRole.0=10.213.0.12",
                        "game.Game Server & <Co>.0=10.213.0.13", "game.Game Server & <Co>.1=10.213.0.14");
        assertThat(target.firewall().deployments()).extracting(HostDeployment::name).containsExactly("webfarm", "game");
    }

    @Test
    void everyInstanceGetsItsOwnConfigDriveWithItsSettings() {
        TargetHost target = HostStates.target("tiny", Fixtures.webfarm(1));

        assertThat(target.instances().get(0).configDrive().file("network-config")).contains("10.213.0.10/24");
        assertThat(target.instances().get(1).configDrive().file("user-data")).contains("#cloud-config");
    }

    @Test
    void theFirewallPlanCompilesAndAClashBetweenDeploymentsIsBadInputBeforeAnyAction() {
        TargetHost target = HostStates.target("tiny", Fixtures.webfarm(2), Fixtures.everything());
        String rules = NftRenderer.replace(new NftRulesetCompiler().compile(target.firewall().deployments(), target.firewall().network()));
        assertThat(rules).contains("10.213.0.10", "10.213.0.14", "fab-4");

        var twice = new DesiredHost(Fixtures.host("tiny"), List.of(
                new DesiredStateBuilder(Fixtures.host("tiny"), Fixtures.images()).build(Fixtures.webfarm(1), "blue"),
                new DesiredStateBuilder(Fixtures.host("tiny"), Fixtures.images()).build(Fixtures.webfarm(1), "green")));
        assertThatThrownBy(() -> new TargetHostBuilder().build(twice, List.of()))
                .isInstanceOf(FirewallCompileException.class)
                .hasMessageContaining("public port").hasMessageContaining("blue").hasMessageContaining("green");
    }

    @Test
    void aTargetWhoseFirewallDoesNotPlaceAnInstanceIsRefused() {
        TargetHost target = HostStates.target("tiny", Fixtures.webfarm(1));
        FirewallPlan withoutWorker = new FirewallPlan(target.firewall().network(), List.of());

        assertThatThrownBy(() -> new TargetHost(target.instances(), withoutWorker))
                .hasMessageContaining("instance webfarm.WebRole.0 (10.213.0.10, 52:54:00:d5:00:0a, fab-0) is not placed that way");
    }
}
