package dev.fabric.agent.verify;

import dev.fabric.agent.Fixtures;
import dev.fabric.agent.desired.HostSettings;
import dev.fabric.agent.desired.MemoryScale;
import dev.fabric.agent.desired.VirtType;
import dev.fabric.agent.iproute.IpCommand;
import dev.fabric.agent.libvirt.LibvirtDomain;
import dev.fabric.agent.managed.ManagedState;
import dev.fabric.agent.reconcile.DomainState;
import dev.fabric.agent.reconcile.InstanceTarget;
import dev.fabric.agent.reconcile.TargetHostBuilder;
import dev.fabric.agent.run.DeploymentStore;
import dev.fabric.agent.spec.InstanceSpec;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.verify.PortSet;
import dev.fabric.firewall.verify.ScanOptions;
import dev.fabric.nativelib.libc.NetnsThread;
import dev.fabric.protocol.v1.DeploymentAssignment;
import dev.fabric.protocol.v1.DesiredState;
import dev.fabric.protocol.v1.InstanceAssignment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A managed agent's bridge scan (0690) in real namespaces: a "host" with bridge vtbr0 and no firewall, one
 * "instance" namespace on it at 10.213.0.10 listening on its declared 8080 and an undeclared 2222. The
 * controller placed WebRole.0 here; the probe must find both ports, name 2222 extra, and leave nothing behind.
 */
class ManagedVerificationTest {
    private final String host = "hv-mv-" + ProcessHandle.current().pid();
    private final String instance = host + "-i";
    private NetnsThread inHost;
    private NetnsThread inInstance;
    private final List<ServerSocket> listeners = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
        for (String ns : List.of(host, instance)) {
            IpCommand.quietly("netns", "del", ns);
            IpCommand.run("netns", "add", ns);
            IpCommand.run("-n", ns, "link", "set", "lo", "up");
        }
        IpCommand.run("-n", host, "link", "add", "vtbr0", "type", "bridge");
        IpCommand.run("-n", host, "addr", "add", "10.213.0.1/24", "dev", "vtbr0");
        IpCommand.run("-n", host, "link", "set", "vtbr0", "up");
        IpCommand.run("-n", host, "link", "add", "vti0", "type", "veth", "peer", "name", "eth0", "netns", instance);
        IpCommand.run("-n", host, "link", "set", "vti0", "master", "vtbr0");
        IpCommand.run("-n", host, "link", "set", "vti0", "up");
        IpCommand.run("-n", instance, "addr", "add", "10.213.0.10/24", "dev", "eth0");
        IpCommand.run("-n", instance, "link", "set", "eth0", "up");
        inHost = NetnsThread.join(host);
        inInstance = NetnsThread.join(instance);
        for (int port : List.of(8080, 2222)) {
            listeners.add(inInstance.call(() -> {
                ServerSocket s = new ServerSocket();
                s.bind(new InetSocketAddress(InetAddress.getByName("10.213.0.10"), port), 64);
                return s;
            }));
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (ServerSocket s : listeners) {
            s.close();
        }
        for (NetnsThread t : new NetnsThread[] {inHost, inInstance}) {
            if (t != null) {
                t.close();
            }
        }
        IpCommand.quietly("netns", "del", instance);
        IpCommand.quietly("netns", "del", host);
    }

    @Test
    void theProbeOnTheBridgeFindsTheDeclaredPortAndTheUndeclaredOneOfTheInstancesPlacedHere() throws Exception {
        ManagedState managed = new ManagedState(dir);
        managed.load();
        Path example = Path.of("../examples/webfarm");
        managed.accept(DesiredState.newBuilder().setGeneration(1).addDeployments(DeploymentAssignment.newBuilder().setName("webfarm")
                .setCsdef(Files.readString(example.resolve(DeploymentStore.CSDEF)))
                .setCscfg(Files.readString(example.resolve(DeploymentStore.CSCFG)))
                .addInstances(InstanceAssignment.newBuilder().setRole("WebRole").setIndex(0).setAddress("10.213.0.10"))).build());
        InstanceSpec web0 = new TargetHostBuilder().build(Fixtures.desired("tiny", Fixtures.webfarm(2)), List.of()).instances().stream()
                .map(InstanceTarget::spec).filter(s -> s.id().role().equals("WebRole") && s.id().index() == 0).findFirst().orElseThrow();
        assertThat(web0.network().address()).isEqualTo(Ipv4Address.parse("10.213.0.10"));
        List<LibvirtDomain> domains = List.of(new LibvirtDomain(web0.domainName(), "u-web0", 1, DomainState.RUNNING, 1, 0,
                Optional.of(web0), Optional.empty()));
        HostSettings settings = new HostSettings(Fixtures.SUBNET, Ipv4Address.parse("10.213.255.1"), "vtbr0", new MemoryScale(1, 16, 128),
                4096, VirtType.QEMU, "test:///default", "tiny");
        List<String> progress = new ArrayList<>();

        VerifyReport r = inHost.call(() -> new ManagedVerification(settings, managed, () -> domains).verify("webfarm",
                PortSet.range(1, 65535), new ScanOptions(Duration.ofMillis(500), ScanOptions.DEFAULT_CONCURRENCY), progress::add));

        assertThat(r.vantages()).singleElement().satisfies(v -> {
            assertThat(v.name()).isEqualTo("bridge");
            assertThat(v.source()).isEqualTo(Ipv4Address.parse("10.213.0.254"));
        });
        assertThat(r.instances()).singleElement().satisfies(i -> {
            assertThat(i.target().id().text()).isEqualTo("webfarm.WebRole.0");
            assertThat(i.checks().get("bridge").expected()).isEqualTo(PortSet.of(8080));
            assertThat(i.checks().get("bridge").reachable()).isEqualTo(PortSet.of(2222, 8080));
            assertThat(i.verdict()).isEqualTo("DIFFERS: bridge extra 2222");
        });
        assertThat(progress).contains("attaching probe 10.213.0.254 to bridge vtbr0");
        assertThat(Files.exists(Path.of("/run/netns", BridgeProbe.PREFIX + ProcessHandle.current().pid()))).as("probe removed").isFalse();
    }
}
