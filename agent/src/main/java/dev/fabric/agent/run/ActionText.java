package dev.fabric.agent.run;

import dev.fabric.agent.reconcile.Action;

/** One action in a short line for the agent's log: what, on which domain or volume, and why. */
public final class ActionText {
    private ActionText() {
    }

    public static String of(Action action) {
        if (action instanceof Action.ApplyFirewall a) {
            long instances = a.plan().deployments().stream().mapToLong(d -> d.instances().size()).sum();
            return "apply firewall (" + a.plan().deployments().size() + " deployments, " + instances + " instances)";
        }
        if (action instanceof Action.StopDomain a) {
            return "stop " + a.domain() + " (" + a.reason() + ")";
        }
        if (action instanceof Action.UndefineDomain a) {
            return "undefine " + a.domain();
        }
        if (action instanceof Action.DeleteVolumes a) {
            return "delete volumes " + String.join(", ", a.volumes());
        }
        if (action instanceof Action.CreateOverlay a) {
            return "create overlay " + a.volume() + " of image " + a.image().name();
        }
        if (action instanceof Action.CreateConfigDrive a) {
            return "write config drive " + a.volume();
        }
        if (action instanceof Action.DefineDomain a) {
            return "define " + a.spec().domainName() + " (" + a.spec().network().address() + ")";
        }
        if (action instanceof Action.StartDomain a) {
            return "start " + a.domain();
        }
        Action.RestartDomain a = (Action.RestartDomain) action;
        return "restart " + a.domain() + " (attempt " + a.attempt() + ", " + a.reason() + ")";
    }
}
