package dev.fabric.agent.execute;

import dev.fabric.agent.reconcile.FirewallPlan;
import dev.fabric.firewall.apply.FirewallApplier;
import dev.fabric.firewall.compile.NftRulesetCompiler;

/**
 * The host firewall through libnftables: compiles the plan and applies it with firewall-rules'
 * {@link FirewallApplier} (a full replace the first time, element updates after). The applier's
 * libnftables context must have been opened in the network namespace the guests' bridge lives in.
 */
public final class NftHostFirewall implements HostFirewall {
    private final FirewallApplier applier;
    private final NftRulesetCompiler compiler = new NftRulesetCompiler();

    public NftHostFirewall(FirewallApplier applier) {
        this.applier = applier;
    }

    @Override
    public void apply(FirewallPlan plan) {
        applier.apply(compiler.compile(plan.deployments(), plan.network()));
    }
}
