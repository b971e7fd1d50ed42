package dev.fabric.agent.fence;

import dev.fabric.agent.reconcile.Action;
import dev.fabric.agent.reconcile.ObservedDomain;

import java.util.List;

/**
 * The plan of a fenced host: power off every Fabric domain that may be running, and nothing else.
 * Definitions, volumes and the firewall stay, so the host can pick up again exactly where the
 * controller says once the lease is renewed. Domains that are not Fabric's are never touched. Pure.
 */
public final class FencePlanner {
    private FencePlanner() {
    }

    public static List<Action> plan(List<ObservedDomain> domains, String reason) {
        return domains.stream().filter(d -> d.spec().isPresent() && d.state().active())
                .map(d -> (Action) new Action.StopDomain(d.name(), "fenced: " + reason)).toList();
    }
}
