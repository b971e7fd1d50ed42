package dev.fabric.agent.verify;

import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.servicedef.model.AclRule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.fabric.servicedef.model.AclRule.Action.DENY;
import static dev.fabric.servicedef.model.AclRule.Action.PERMIT;
import static org.assertj.core.api.Assertions.assertThat;

/** Decision 0102: first match by order; unmatched sources are denied when there is a permit rule. */
class AclDecisionTest {
    private static final Ipv4Address A = Ipv4Address.parse("10.1.2.3");
    private static final Ipv4Address B = Ipv4Address.parse("192.168.0.9");

    @Test
    void noAclPermitsEveryone() {
        assertThat(AclDecision.permits(List.of(), A)).isTrue();
    }

    @Test
    void theLowestOrderThatMatchesDecidesWhateverTheListOrder() {
        List<AclRule> acl = List.of(new AclRule(200, PERMIT, "10.0.0.0/8"), new AclRule(100, DENY, "10.1.0.0/16"));

        assertThat(AclDecision.permits(acl, A)).isFalse();
        assertThat(AclDecision.permits(acl, Ipv4Address.parse("10.2.0.1"))).isTrue();
    }

    @Test
    void unmatchedSourcesAreDeniedWithAPermitRuleAndPermittedWithDenyRulesOnly() {
        assertThat(AclDecision.permits(List.of(new AclRule(1, PERMIT, "10.0.0.0/8")), B)).isFalse();
        assertThat(AclDecision.permits(List.of(new AclRule(1, DENY, "10.0.0.0/8")), B)).isTrue();
        assertThat(AclDecision.permits(List.of(new AclRule(1, DENY, "10.0.0.0/8")), A)).isFalse();
    }
}
