package dev.fabric.agent.verify;

import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.Ipv4Subnet;
import dev.fabric.servicedef.model.AclRule;

import java.util.Comparator;
import java.util.List;

/**
 * Whether an endpoint ACL lets a source address in, as decision 0102 defines it and the compiled
 * {@code acl_*} chains enforce it: rules in ascending order, the first match decides; a source
 * matching no rule is denied when the ACL has a permit rule, permitted when it has only deny rules.
 */
public final class AclDecision {
    private AclDecision() {
    }

    public static boolean permits(List<AclRule> acl, Ipv4Address source) {
        if (acl.isEmpty()) {
            return true;
        }
        for (AclRule r : acl.stream().sorted(Comparator.comparingInt(AclRule::order)).toList()) {
            if (Ipv4Subnet.parse(r.remoteSubnet()).contains(source)) {
                return r.action() == AclRule.Action.PERMIT;
            }
        }
        return acl.stream().noneMatch(r -> r.action() == AclRule.Action.PERMIT);
    }
}
