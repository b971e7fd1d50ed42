package dev.fabric.bench;

import dev.fabric.firewall.compile.NftRulesetCompiler;
import dev.fabric.firewall.placement.HostNetwork;
import dev.fabric.firewall.placement.Ipv4Subnet;
import dev.fabric.firewall.placement.SamplePlacement;
import dev.fabric.firewall.ruleset.Ruleset;
import dev.fabric.servicedef.model.Endpoint;
import dev.fabric.servicedef.model.PortRange;
import dev.fabric.servicedef.model.Role;
import dev.fabric.servicedef.model.RoleKind;
import dev.fabric.servicedef.model.Service;
import dev.fabric.servicedef.model.Transport;
import dev.fabric.servicedef.model.VmSize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * N instances x 3 ports, the shape of the lab-notes baseline: N single-instance roles of one
 * deployment, each with three internal TCP endpoints (8000, 8001, 8002) reachable from every role.
 * The "one-instance change" moves the third port of instance {@code N/2} from 8002 to 8100.
 *
 * <p>Layout {@code contiguous}: every instance opens 8000-8002, so runs of consecutive addresses
 * compress into a few interval elements. Layout {@code scattered}: odd instances open 8010-8012
 * instead, so nothing compresses and every instance costs three elements (the worst case, and the
 * shape of the lab-notes baseline).
 */
public final class FirewallWorkload {
    public static final Ipv4Subnet SUBNET = Ipv4Subnet.parse("10.213.0.0/20");
    public static final HostNetwork NET = SamplePlacement.network(SUBNET, null);
    public static final int[] PORTS = {8000, 8001, 8002};
    public static final int CHANGED_PORT = 8100;

    private FirewallWorkload() {
    }

    public static int port(int instance, int p, boolean scattered) {
        return PORTS[p] + (scattered && instance % 2 == 1 ? 10 : 0);
    }

    public static Service service(int instances, int changedInstance, boolean scattered) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < instances; k++) {
            names.add(roleName(k));
        }
        Set<String> everyone = Set.copyOf(names);
        VmSize size = new VmSize("ExtraSmall", 1, 768);
        List<Role> roles = new ArrayList<>();
        for (int k = 0; k < instances; k++) {
            List<Endpoint> eps = new ArrayList<>();
            for (int p = 0; p < PORTS.length; p++) {
                int port = (k == changedInstance && p == PORTS.length - 1) ? CHANGED_PORT : port(k, p, scattered);
                eps.add(new Endpoint.Internal("P" + p, Transport.TCP, PortRange.single(port), everyone));
            }
            roles.add(new Role(names.get(k), RoleKind.WORKER, size, 1, eps, Map.of()));
        }
        return new Service("Bench", "7", 1, roles);
    }

    public static String roleName(int k) {
        return String.format("R%04d", k);
    }

    public static Ruleset ruleset(int instances, int changedInstance, boolean scattered) {
        return new NftRulesetCompiler().compile(
                List.of(SamplePlacement.place("bench", service(instances, changedInstance, scattered), SUBNET)), NET);
    }

    /** The same port rules for iptables-restore: one ACCEPT per instance and port, then drop the subnet. */
    public static String iptablesFull(int instances, int changedInstance, boolean scattered) {
        StringBuilder sb = new StringBuilder("*filter\n:FABRIC_FWD - [0:0]\n");
        sb.append("-A FABRIC_FWD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n");
        for (int k = 0; k < instances; k++) {
            String addr = SUBNET.network().plus(10 + k).toString();
            for (int p = 0; p < PORTS.length; p++) {
                int port = (k == changedInstance && p == PORTS.length - 1) ? CHANGED_PORT : port(k, p, scattered);
                sb.append("-A FABRIC_FWD -d ").append(addr).append("/32 -p tcp -m tcp --dport ").append(port)
                        .append(" -j ACCEPT\n");
            }
        }
        sb.append("-A FABRIC_FWD -d ").append(SUBNET).append(" -j DROP\nCOMMIT\n");
        return sb.toString();
    }

    /** iptables-restore --noflush input that moves instance k's third port from {@code from} to {@code to}. */
    public static String iptablesChange(int k, int from, int to) {
        String addr = SUBNET.network().plus(10 + k).toString();
        return "*filter\n-D FABRIC_FWD -d " + addr + "/32 -p tcp -m tcp --dport " + from + " -j ACCEPT\n"
                + "-I FABRIC_FWD 2 -d " + addr + "/32 -p tcp -m tcp --dport " + to + " -j ACCEPT\nCOMMIT\n";
    }
}
