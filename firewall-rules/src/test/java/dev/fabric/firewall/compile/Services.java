package dev.fabric.firewall.compile;

import dev.fabric.servicedef.model.AclRule;
import dev.fabric.servicedef.model.Endpoint;
import dev.fabric.servicedef.model.PortRange;
import dev.fabric.servicedef.model.Role;
import dev.fabric.servicedef.model.RoleKind;
import dev.fabric.servicedef.model.Service;
import dev.fabric.servicedef.model.Transport;
import dev.fabric.servicedef.model.VmSize;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validated service models built in code, as ServiceDefinitions.load would return them. */
public final class Services {
    static final VmSize SMALL = new VmSize("Small", 1, 1792);

    private Services() {
    }

    public static Role role(String name, RoleKind kind, int instances, Endpoint... endpoints) {
        return new Role(name, kind, SMALL, instances, List.of(endpoints), Map.of());
    }

    public static Service service(String name, Role... roles) {
        return new Service(name, "7", 2, List.of(roles));
    }

    public static Endpoint.Input input(String name, Transport t, int publicPort, int localPort, AclRule... acl) {
        return new Endpoint.Input(name, t, publicPort, localPort, List.of(acl));
    }

    public static Endpoint.InstanceInput instanceInput(String name, Transport t, int localPort, int min, int max, AclRule... acl) {
        return new Endpoint.InstanceInput(name, t, localPort, new PortRange(min, max), List.of(acl));
    }

    public static Endpoint.Internal internal(String name, Transport t, PortRange ports, String... fromRoles) {
        return new Endpoint.Internal(name, t, ports, Set.of(fromRoles));
    }

    public static AclRule permit(int order, String subnet) {
        return new AclRule(order, AclRule.Action.PERMIT, subnet);
    }

    public static AclRule deny(int order, String subnet) {
        return new AclRule(order, AclRule.Action.DENY, subnet);
    }

    /** Web farm: 3 web instances behind public port 80, 2 workers with nothing declared. */
    public static Service webFarm() {
        return service("WebFarm",
                role("WebRole", RoleKind.WEB, 3, input("HttpIn", Transport.TCP, 80, 8080)),
                role("WorkerRole", RoleKind.WORKER, 2));
    }

    /** Instance input (RDP-style public port per instance) sharing its localPort with an input endpoint. */
    public static Service instanceInput() {
        return service("Remote",
                role("Frontend", RoleKind.WEB, 3,
                        input("Http", Transport.TCP, 80, 80),
                        instanceInput("Rdp", Transport.TCP, 3389, 10000, 10009),
                        instanceInput("Admin", Transport.TCP, 80, 20000, 20002),
                        instanceInput("Game", Transport.UDP, 27015, 27000, 27099)));
    }

    /** Internal endpoints narrowed by NetworkTrafficRules; role names with dots and spaces. */
    public static Service internalTrafficRules() {
        return service("Shop",
                role("Web.Front", RoleKind.WEB, 2, input("Http", Transport.TCP, 80, 8080)),
                role("Order Worker", RoleKind.WORKER, 2,
                        internal("Api", Transport.TCP, PortRange.single(9000), "Web.Front"),
                        internal("Gossip", Transport.UDP, PortRange.single(5000), "Order Worker")),
                role("Cache", RoleKind.WORKER, 1,
                        internal("Memcache", Transport.TCP, new PortRange(11000, 11010), "Web.Front", "Order Worker", "Cache"),
                        internal("Unused", Transport.TCP, PortRange.single(12000))));
    }

    /** protocol="any" internal endpoint next to a declared input port. */
    public static Service internalAny() {
        return service("Grid",
                role("Head", RoleKind.WEB, 1, input("Ui", Transport.TCP, 443, 8443)),
                role("Node", RoleKind.WORKER, 3, internal("Mesh", Transport.ANY, PortRange.all(), "Head", "Node")));
    }

    /** Endpoint ACLs (first match wins, unmatched denied), overlapping an internal endpoint on one port. */
    public static Service acls() {
        return service("Secure",
                role("Api", RoleKind.WEB, 2,
                        input("Https", Transport.TCP, 443, 8443, permit(100, "10.0.0.0/8"), deny(200, "192.168.1.0/24"),
                                permit(300, "192.168.0.0/16")),
                        instanceInput("Ssh", Transport.TCP, 22, 2200, 2201, deny(10, "10.66.0.0/16"), permit(20, "0.0.0.0/0")),
                        internal("Metrics", Transport.TCP, PortRange.single(8443), "Api")));
    }

    /** Ports the definition left to Fabric (localPort="*", internal endpoint without a port), as resolved by servicedef. */
    public static Service dynamicPorts() {
        return service("Dynamic",
                role("Web", RoleKind.WEB, 2, input("Http", Transport.TCP, 80, 20000),
                        internal("Control", Transport.TCP, PortRange.single(20001))),
                role("Worker", RoleKind.WORKER, 1, internal("Jobs", Transport.UDP, PortRange.single(20002))));
    }
}
