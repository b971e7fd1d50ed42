package dev.fabric.agent.verify;

import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.Ipv4Subnet;

import java.util.Set;

/**
 * The address of the bridge probe: one that belongs to no instance of any deployment, so the
 * firewall must treat it as a stranger on the instance network. It is the highest free address of
 * the subnet: instances are numbered upward from network+10 (decision 0501), so the top of the
 * subnet is the last place an instance lands. Network, broadcast, the gateway (network+1) and the
 * host's reserved network+2..9 are never chosen.
 */
public final class ProbeAddress {
    /** The first address the agent gives to instances; everything below belongs to the host. */
    static final int FIRST_INSTANCE_OFFSET = 10;

    private ProbeAddress() {
    }

    /** @throws IllegalStateException when every instance address is taken */
    public static Ipv4Address choose(Ipv4Subnet subnet, Set<Ipv4Address> taken) {
        Ipv4Address lowest = subnet.network().plus(FIRST_INSTANCE_OFFSET);
        for (long offset = subnet.size() - 2; offset >= FIRST_INSTANCE_OFFSET; offset--) {
            Ipv4Address a = subnet.network().plus((int) offset);
            if (!taken.contains(a)) {
                return a;
            }
        }
        throw new IllegalStateException("no free address in " + subnet + " for the bridge probe: every address from "
                + lowest + " up is an instance's; run with --no-bridge-probe");
    }
}
