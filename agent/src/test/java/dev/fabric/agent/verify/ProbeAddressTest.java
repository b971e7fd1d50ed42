package dev.fabric.agent.verify;

import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.Ipv4Subnet;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bridge probe takes the highest address no instance has; never the host's own addresses. */
class ProbeAddressTest {
    private static final Ipv4Subnet LAB = Ipv4Subnet.parse("10.213.0.0/24");

    private static Ipv4Address ip(String s) {
        return Ipv4Address.parse(s);
    }

    @Test
    void theTopOfTheSubnetBelowBroadcastWhenFree() {
        assertThat(ProbeAddress.choose(LAB, Set.of(ip("10.213.0.10"), ip("10.213.0.11")))).isEqualTo(ip("10.213.0.254"));
    }

    @Test
    void anInstanceAddressIsSkipped() {
        assertThat(ProbeAddress.choose(LAB, Set.of(ip("10.213.0.254"), ip("10.213.0.253")))).isEqualTo(ip("10.213.0.252"));
    }

    @Test
    void aFullSubnetIsAnErrorThatSaysWhatToDoAndTheHostsAddressesAreNeverUsed() {
        Ipv4Subnet small = Ipv4Subnet.parse("10.9.0.0/28"); // instances .10 - .14, broadcast .15
        Set<Ipv4Address> taken = new HashSet<>();
        for (int i = 10; i <= 14; i++) {
            taken.add(ip("10.9.0." + i));
        }

        assertThatThrownBy(() -> ProbeAddress.choose(small, taken)).hasMessageContaining("no free address in 10.9.0.0/28")
                .hasMessageContaining("--no-bridge-probe");
        taken.remove(ip("10.9.0.10"));
        assertThat(ProbeAddress.choose(small, taken)).isEqualTo(ip("10.9.0.10"));
    }
}
