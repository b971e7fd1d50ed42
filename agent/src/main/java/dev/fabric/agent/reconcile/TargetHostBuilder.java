package dev.fabric.agent.reconcile;

import dev.fabric.agent.addressing.AddressAllocator;
import dev.fabric.agent.addressing.Assignment;
import dev.fabric.agent.configdrive.ConfigDriveBuilder;
import dev.fabric.agent.desired.DesiredDeployment;
import dev.fabric.agent.desired.DesiredHost;
import dev.fabric.agent.desired.DesiredInstance;
import dev.fabric.agent.desired.HostSettings;
import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.spec.InstanceSpec;
import dev.fabric.firewall.compile.NftRulesetCompiler;
import dev.fabric.firewall.placement.HostDeployment;
import dev.fabric.firewall.placement.InstancePlacement;
import dev.fabric.firewall.placement.SamplePlacement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Completes the desired state with what only this host knows: addresses (stable across agent
 * restarts because they are read back from the domains), specs, config drives and the firewall
 * plan that admits exactly these instances. Pure.
 */
public final class TargetHostBuilder {
    private final ConfigDriveBuilder drives = new ConfigDriveBuilder();

    /**
     * @throws dev.fabric.agent.addressing.SubnetExhaustedException when new instances find no address
     * @throws dev.fabric.firewall.compile.FirewallCompileException when the deployments cannot share
     *         this host's ruleset (e.g. the same public port twice); the message names both parties
     */
    public TargetHost build(DesiredHost desired, List<ObservedDomain> observed) {
        HostSettings host = desired.settings();
        List<Assignment> existing = observed.stream().flatMap(d -> d.spec().stream()).map(InstanceSpec::network).toList();
        List<DesiredInstance> instances = desired.instances();
        Map<InstanceId, dev.fabric.firewall.placement.Ipv4Address> pinned = new HashMap<>();
        desired.deployments().forEach(d -> pinned.putAll(d.addresses()));
        List<Assignment> assigned;
        try {
            assigned = new AddressAllocator(host.instanceSubnet())
                    .allocate(instances.stream().map(DesiredInstance::id).toList(), existing, pinned);
        } catch (IllegalArgumentException e) {
            throw new dev.fabric.agent.desired.DesiredStateException(e.getMessage());
        }
        Map<InstanceId, Assignment> byId = new HashMap<>();
        assigned.forEach(a -> byId.put(a.id(), a));

        List<InstanceTarget> targets = new ArrayList<>();
        List<HostDeployment> firewall = new ArrayList<>();
        for (DesiredDeployment d : desired.deployments()) {
            List<InstancePlacement> placements = new ArrayList<>();
            for (DesiredInstance i : d.instances()) {
                Assignment a = byId.get(i.id());
                InstanceSpec spec = InstanceSpec.of(i, a);
                targets.add(new InstanceTarget(spec, drives.build(spec, i.settings(), host.instanceSubnet())));
                placements.add(new InstancePlacement(d.name(), i.id().role(), i.id().index(), a.address(), a.mac(), a.tap()));
            }
            firewall.add(new HostDeployment(d.name(), d.service(), placements, d.peers()));
        }
        FirewallPlan plan = new FirewallPlan(SamplePlacement.network(host.instanceSubnet(), host.externalAddress()), firewall);
        // Compiling here (pure, a few ms) turns a clash between deployments, such as two claiming
        // public tcp 80, into bad input before any action is planned.
        new NftRulesetCompiler().compile(plan.deployments(), plan.network());
        return new TargetHost(targets, plan);
    }
}
