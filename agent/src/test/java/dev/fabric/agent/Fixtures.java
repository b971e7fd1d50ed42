package dev.fabric.agent;

import dev.fabric.agent.desired.DesiredHost;
import dev.fabric.agent.desired.DesiredStateBuilder;
import dev.fabric.agent.desired.HostSettings;
import dev.fabric.agent.desired.ImageCatalog;
import dev.fabric.agent.desired.ImageRef;
import dev.fabric.agent.desired.MemoryScale;
import dev.fabric.agent.desired.VirtType;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.Ipv4Subnet;
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

/** Hand-built models shaped like examples/webfarm, and a lab-sized host. */
public final class Fixtures {
    public static final VmSize SMALL = new VmSize("Small", 1, 1792);
    public static final ImageRef TINY = new ImageRef("tiny", "a".repeat(64), ImageRef.Kind.KERNEL);
    public static final ImageRef DEBIAN = new ImageRef("debian-12", "b".repeat(64), ImageRef.Kind.DISK);
    public static final Ipv4Subnet SUBNET = Ipv4Subnet.parse("10.213.0.0/24");

    private Fixtures() {
    }

    public static Service webfarm(int webInstances) {
        Role web = new Role("WebRole", RoleKind.WEB, SMALL, webInstances,
                List.of(new Endpoint.Input("HttpIn", Transport.TCP, 80, 8080, List.of())),
                Map.of("BackendPort", "9000", "Greeting", "Hello from Fabric"));
        Role worker = new Role("WorkerRole", RoleKind.WORKER, SMALL, 1,
                List.of(new Endpoint.Internal("Work", Transport.TCP, PortRange.single(9000), Set.of("WebRole", "WorkerRole"))),
                Map.of("QueueName", "work"));
        return new Service("webfarm", "6", 5, List.of(web, worker));
    }

    /** One role with every endpoint kind, ACLs, and awkward names. */
    public static Service everything() {
        Role game = new Role("Game Server & <Co>", RoleKind.WORKER, new VmSize("Medium", 2, 3584), 2,
                List.of(new Endpoint.Input("Http", Transport.TCP, 8088, 8080,
                                List.of(new AclRule(100, AclRule.Action.PERMIT, "10.213.255.0/30"),
                                        new AclRule(200, AclRule.Action.DENY, "0.0.0.0/0"))),
                        new Endpoint.InstanceInput("Rcon", Transport.UDP, 27015, new PortRange(30000, 30009), List.of()),
                        new Endpoint.Internal("Gossip", Transport.TCP, new PortRange(7000, 7003), Set.of("Game Server & <Co>")),
                        new Endpoint.Internal("All", Transport.ANY, PortRange.all(), Set.of())),
                Map.of("Motd", "it's \"quoted\"\nand 'multi-line' $(rm -rf /)"));
        return new Service("game", "6", 5, List.of(game));
    }

    public static HostSettings host(String imageName) {
        return new HostSettings(SUBNET, Ipv4Address.parse("10.213.255.1"), "fabbr0", new MemoryScale(1, 16, 128), 4096,
                VirtType.QEMU, "test:///default", imageName);
    }

    public static ImageCatalog images() {
        return ImageCatalog.of(TINY, DEBIAN);
    }

    public static DesiredHost desired(String imageName, Service... services) {
        HostSettings settings = host(imageName);
        DesiredStateBuilder builder = new DesiredStateBuilder(settings, images());
        DesiredHost host = new DesiredHost(settings, List.of());
        for (Service s : services) {
            host = host.with(builder.build(s, s.name()));
        }
        return host;
    }
}
