package dev.fabric.agent.reconcile;

import dev.fabric.agent.desired.InstanceId;

import dev.fabric.agent.addressing.Assignment;
import dev.fabric.firewall.placement.HostDeployment;
import dev.fabric.firewall.placement.InstancePlacement;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * The host as it should be: every instance (spec + config drive) and the firewall that admits
 * exactly them. The constructor checks that the firewall plan places every instance with the same
 * address, MAC and tap as its spec: a guest is only ever started under rules made for it.
 */
public record TargetHost(List<InstanceTarget> instances, FirewallPlan firewall) {
    public TargetHost {
        instances = List.copyOf(instances);
        Map<InstanceId, InstancePlacement> placed = new HashMap<>();
        for (HostDeployment d : firewall.deployments()) {
            for (InstancePlacement p : d.instances()) {
                placed.put(new InstanceId(p.deployment(), p.role(), p.index()), p);
            }
        }
        Set<InstanceId> ids = new HashSet<>();
        for (InstanceTarget t : instances) {
            Assignment a = t.spec().network();
            if (!ids.add(t.spec().id())) {
                throw new IllegalArgumentException("instance " + t.spec().id() + " is listed twice");
            }
            InstancePlacement p = placed.get(t.spec().id());
            if (p == null || !p.address().equals(a.address()) || !p.mac().equals(a.mac()) || !p.tap().equals(a.tap())) {
                throw new IllegalArgumentException("instance " + t.spec().id() + " (" + a.address() + ", " + a.mac() + ", "
                        + a.tap() + ") is not placed that way in the firewall plan: " + p);
            }
        }
    }
}
