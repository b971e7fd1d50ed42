package dev.fabric.firewall.compile;

import dev.fabric.firewall.placement.HostDeployment;
import dev.fabric.firewall.placement.HostNetwork;
import dev.fabric.firewall.ruleset.Ruleset;

import java.util.Comparator;
import java.util.List;

/**
 * Pure function from the deployments on this host and the host's network to Fabric's nftables
 * ruleset: {@code table inet fabric} (what reaches instances, DNAT of public ports) and
 * {@code table bridge fabric} (anti-spoofing). With no deployments the result is the fail-closed
 * base ruleset the agent applies before any guest boots: nothing reaches the instance subnet, and
 * no frame from an instance tap passes.
 */
public final class NftRulesetCompiler {
    /** The name of Fabric's tables in both families; no other table is ever touched. */
    public static final String TABLE = "fabric";

    public Ruleset compile(List<HostDeployment> deployments, HostNetwork net) {
        List<HostDeployment> sorted = deployments.stream().sorted(Comparator.comparing(HostDeployment::name)).toList();
        PlacementChecks.check(sorted, net);
        return new Ruleset(List.of(
                new InetTableBuilder(net).build(sorted, TABLE),
                BridgeTableBuilder.build(sorted, net, TABLE)));
    }
}
