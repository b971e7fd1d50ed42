package dev.fabric.firewall.apply;

import dev.fabric.nativelib.libc.TestNetns;
import dev.fabric.firewall.compile.NftRulesetCompiler;
import dev.fabric.firewall.compile.Services;
import dev.fabric.firewall.placement.HostDeployment;
import dev.fabric.firewall.placement.HostNetwork;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.Ipv4Subnet;
import dev.fabric.firewall.placement.SamplePlacement;
import dev.fabric.firewall.ruleset.Chain;
import dev.fabric.firewall.ruleset.Rule;
import dev.fabric.firewall.ruleset.Ruleset;
import dev.fabric.firewall.ruleset.Table;
import dev.fabric.nativelib.libc.NetnsThread;
import dev.fabric.nativelib.nftables.NftException;
import dev.fabric.nativelib.nftables.Nftables;
import dev.fabric.servicedef.model.RoleKind;
import dev.fabric.servicedef.model.Service;
import dev.fabric.servicedef.model.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.fabric.firewall.compile.Services.input;
import static dev.fabric.firewall.compile.Services.role;
import static dev.fabric.firewall.compile.Services.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real kernel, real TCP: a "host" namespace with the instance bridge and the firewall, an
 * "instance" namespace plugged into the bridge through tap-like veth {@code fab-0}, and an
 * "outside" namespace routed through the host. The instance listens on a declared and an
 * undeclared port.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NamespaceApplyTest {
    static final int CONNECT_TIMEOUT_MS = 1500;
    static final Ipv4Subnet SUBNET = Ipv4Subnet.parse("10.213.0.0/24");
    static final HostNetwork NET = SamplePlacement.network(SUBNET, Ipv4Address.parse("10.213.255.1"));

    private static final List<AutoCloseable> cleanup = new ArrayList<>();
    private static NetnsThread host;
    private static String hostName;
    private static String outsideName;
    private static NetnsThread instance;
    private static NetnsThread outside;
    private static NetnsThread worker;
    private static Nftables nft;
    private static FirewallApplier applier;

    @BeforeAll
    static void network() throws Exception {
        String id = Long.toString(ProcessHandle.current().pid());
        TestNetns h = track(TestNetns.create(id + "-h"));
        TestNetns i = track(TestNetns.create(id + "-i"));
        TestNetns o = track(TestNetns.create(id + "-o"));
        TestNetns w = track(TestNetns.create(id + "-w"));
        String H = h.name(), I = i.name(), O = o.name(), W = w.name();
        hostName = H;
        outsideName = O;
        ip("-n", H, "link", "add", "fabbr0", "type", "bridge");
        ip("-n", H, "addr", "add", "10.213.0.1/24", "dev", "fabbr0");
        ip("-n", H, "link", "set", "fabbr0", "up");
        ip("-n", H, "link", "add", "fab-0", "type", "veth", "peer", "name", "eth0", "netns", I);
        ip("-n", H, "link", "set", "fab-0", "master", "fabbr0", "up");
        ip("-n", I, "link", "set", "eth0", "address", "52:54:00:d5:00:0a");
        ip("-n", I, "addr", "add", "10.213.0.10/24", "dev", "eth0");
        ip("-n", I, "addr", "add", "10.213.0.99/24", "dev", "eth0"); // for the spoofing check
        ip("-n", I, "link", "set", "eth0", "up");
        ip("-n", I, "route", "add", "default", "via", "10.213.0.1");
        ip("-n", H, "link", "add", "fab-1", "type", "veth", "peer", "name", "eth0", "netns", W);
        ip("-n", H, "link", "set", "fab-1", "master", "fabbr0", "up");
        ip("-n", W, "link", "set", "eth0", "address", "52:54:00:d5:00:0b");
        ip("-n", W, "addr", "add", "10.213.0.11/24", "dev", "eth0");
        ip("-n", W, "link", "set", "eth0", "up");
        ip("-n", W, "route", "add", "default", "via", "10.213.0.1");
        ip("-n", H, "link", "add", "ext0", "type", "veth", "peer", "name", "eth0", "netns", O);
        ip("-n", H, "addr", "add", "10.213.255.1/30", "dev", "ext0");
        ip("-n", H, "link", "set", "ext0", "up");
        ip("-n", O, "addr", "add", "10.213.255.2/30", "dev", "eth0");
        ip("-n", O, "link", "set", "eth0", "up");
        ip("-n", O, "route", "add", "default", "via", "10.213.255.1");
        ip("netns", "exec", H, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        host = track(NetnsThread.join(H));
        instance = track(NetnsThread.join(I));
        outside = track(NetnsThread.join(O));
        worker = track(NetnsThread.join(W));
        listen(instance, 8080);
        listen(instance, 9090);
        listen(outside, 7000);
        listen(worker, 9000);
        listen(worker, 9090);
        nft = track(host.call(Nftables::open));
        applier = new FirewallApplier(nft);
    }

    @AfterAll
    static void tearDown() {
        for (int k = cleanup.size() - 1; k >= 0; k--) {
            try {
                cleanup.get(k).close();
            } catch (Exception e) {
                System.err.println("cleanup: " + e.getMessage());
            }
        }
    }

    @Test
    @Order(1)
    void withoutFirewallEverythingConnects() {
        // The control: the setup can reach the undeclared port, so the later "blocked" means the firewall.
        assertThat(connect(outside, "10.213.0.10", 9090, null)).isTrue();
        assertThat(connect(instance, "10.213.255.2", 7000, "10.213.0.99")).isTrue();
    }

    @Test
    @Order(2)
    void theBaseRulesetWithNoDeploymentsIsFailClosed() {
        applier.apply(new NftRulesetCompiler().compile(List.of(), NET));
        assertThat(connect(outside, "10.213.0.10", 8080, null)).as("no deployment yet").isFalse();
        assertThat(connect(instance, "10.213.255.2", 7000, "10.213.0.10")).as("unknown tap").isFalse();
    }

    @Test
    @Order(3)
    void onlyTheDeclaredPortIsReachable() {
        applier.apply(compile(web(false)));
        assertThat(connect(outside, "10.213.0.10", 8080, null)).as("declared localPort").isTrue();
        assertThat(connect(outside, "10.213.255.1", 80, null)).as("public port, DNAT").isTrue();
        assertThat(connect(outside, "10.213.0.10", 9090, null)).as("undeclared port").isFalse();
        assertThat(connect(instance, "10.213.255.2", 7000, "10.213.0.10")).as("outbound").isTrue();
        assertThat(connect(instance, "10.213.255.2", 7000, "10.213.0.99")).as("spoofed source").isFalse();
        assertThat(connect(instance, "10.213.0.1", 22, "10.213.0.10")).as("host itself").isFalse();
    }

    @Test
    @Order(4)
    void anIncrementalUpdateOpensAndClosesAPort() {
        applier.apply(compile(web(true)));
        assertThat(connect(outside, "10.213.0.10", 9090, null)).isTrue();
        applier.apply(compile(web(false)));
        assertThat(connect(outside, "10.213.0.10", 9090, null)).isFalse();
        assertThat(connect(outside, "10.213.0.10", 8080, null)).isTrue();
    }

    @Test
    @Order(5)
    void anEndpointAclDecidesByTheClientAddressFirstMatchWins() {
        var denyOutside = service("Web", role("WebRole", RoleKind.WEB, 1, input("Http", Transport.TCP, 80, 8080,
                Services.permit(10, "10.213.255.1/32"), Services.deny(20, "10.213.255.0/30"), Services.permit(30, "0.0.0.0/0"))));
        applier.apply(compile(denyOutside));
        assertThat(connect(outside, "10.213.0.10", 8080, null)).as("denied by order 20").isFalse();
        assertThat(connect(outside, "10.213.255.1", 80, null)).as("DNAT keeps the client address").isFalse();
        var permitOutside = service("Web", role("WebRole", RoleKind.WEB, 1, input("Http", Transport.TCP, 80, 8080,
                Services.permit(10, "10.213.255.2/32"), Services.deny(20, "0.0.0.0/0"))));
        applier.apply(compile(permitOutside));
        assertThat(connect(outside, "10.213.0.10", 8080, null)).as("permitted by order 10").isTrue();
        assertThat(connect(outside, "10.213.255.1", 80, null)).isTrue();
        applier.apply(compile(web(false)));
    }

    @Test
    @Order(6)
    void aRejectedReplacementLeavesThePreviousRulesetInForce() {
        Ruleset good = compile(web(false));
        applier.replace(good);
        String before = nft.run("list table inet fabric");
        // A jump loop passes nft's parser; the kernel rejects it only after the delete table of
        // the same transaction was queued, so this proves the whole buffer is one transaction.
        Ruleset looping = withExtraChains(compile(web(true)),
                new Chain("loop_entry", new dev.fabric.firewall.ruleset.Hook("filter", "forward", "filter", "accept"),
                        null, List.of(Rule.of("jump loop_a"))),
                new Chain("loop_a", null, null, List.of(Rule.of("jump loop_b"))),
                new Chain("loop_b", null, null, List.of(Rule.of("jump loop_a"))));
        assertThatThrownBy(() -> applier.replace(looping)).isInstanceOf(NftException.class);
        assertThat(nft.run("list table inet fabric")).isEqualTo(before);
        assertThat(connect(outside, "10.213.0.10", 8080, null)).isTrue();
        assertThat(connect(outside, "10.213.0.10", 9090, null)).isFalse();
    }

    @Test
    @Order(7)
    void anInternalEndpointAdmitsOnlyTheAllowedRolesOfTheDeployment() throws Exception {
        // Instance-to-instance traffic is bridged; the inet forward hook sees it only through br_netfilter.
        assertThat(Files.readString(Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables")).strip())
                .as("modprobe br_netfilter; sysctl net.bridge.bridge-nf-call-iptables=1").isEqualTo("1");
        var shop = service("Shop", role("Web", RoleKind.WEB, 1, input("Http", Transport.TCP, 80, 8080)),
                role("Worker", RoleKind.WORKER, 1, Services.internal("Api", Transport.TCP,
                        dev.fabric.servicedef.model.PortRange.single(9000), "Web")));
        applier.apply(compile(shop)); // Web/0 = 10.213.0.10 on fab-0, Worker/0 = 10.213.0.11 on fab-1
        assertThat(connect(instance, "10.213.0.11", 9000, "10.213.0.10")).as("Web -> Worker internal port").isTrue();
        assertThat(connect(instance, "10.213.0.11", 9090, "10.213.0.10")).as("Web -> undeclared port").isFalse();
        assertThat(connect(outside, "10.213.0.11", 9000, null)).as("outside -> internal port").isFalse();
        var workersOnly = service("Shop", role("Web", RoleKind.WEB, 1, input("Http", Transport.TCP, 80, 8080)),
                role("Worker", RoleKind.WORKER, 1, Services.internal("Api", Transport.TCP,
                        dev.fabric.servicedef.model.PortRange.single(9000), "Worker")));
        applier.apply(compile(workersOnly));
        assertThat(connect(instance, "10.213.0.11", 9000, "10.213.0.10")).as("Web no longer allowed").isFalse();
        applier.apply(compile(web(false)));
    }

    @Test
    @Order(8)
    void anInternalEndpointAdmitsPeersOnOtherHostsByAddress() {
        // "outside" plays a Web instance on another host: routed in from 10.213.2.10, another host's subnet.
        ip("-n", outsideName, "addr", "add", "10.213.2.10/32", "dev", "eth0");
        ip("-n", hostName, "route", "add", "10.213.2.0/24", "via", "10.213.255.2");
        try {
            var shop = service("Shop", role("Web", RoleKind.WEB, 1, input("Http", Transport.TCP, 80, 8080)),
                    role("Worker", RoleKind.WORKER, 1, Services.internal("Api", Transport.TCP,
                            dev.fabric.servicedef.model.PortRange.single(9000), "Web")));
            HostDeployment here = SamplePlacement.place("shop", shop, SUBNET);
            applier.apply(new NftRulesetCompiler().compile(List.of(here), NET));
            assertThat(connect(outside, "10.213.0.11", 9000, "10.213.2.10")).as("unknown remote address").isFalse();
            var peer = new dev.fabric.firewall.placement.PeerPlacement("shop", "Web", 1,
                    dev.fabric.firewall.placement.Ipv4Address.parse("10.213.2.10"), "host-2");
            applier.apply(new NftRulesetCompiler().compile(
                    List.of(new HostDeployment("shop", shop, here.instances(), List.of(peer))), NET));
            assertThat(connect(outside, "10.213.0.11", 9000, "10.213.2.10")).as("peer Web/1 -> Worker internal port").isTrue();
            assertThat(connect(outside, "10.213.0.11", 9090, "10.213.2.10")).as("peer -> undeclared port").isFalse();
            assertThat(connect(outside, "10.213.0.11", 9000, null)).as("outside's own address -> internal port").isFalse();
        } finally {
            applier.apply(compile(web(false)));
            ip("-n", hostName, "route", "del", "10.213.2.0/24", "via", "10.213.255.2");
            ip("-n", outsideName, "addr", "del", "10.213.2.10/32", "dev", "eth0");
        }
    }

    @Test
    @Order(9)
    void clearRemovesOnlyFabricsTables() {
        nft.run("table inet other { chain c { type filter hook forward priority 10; policy accept; }; }");
        applier.clear();
        String tables = nft.run("list tables");
        assertThat(tables).contains("table inet other").doesNotContain("fabric");
        assertThat(connect(outside, "10.213.0.10", 9090, null)).isTrue();
        nft.run("delete table inet other");
    }

    static Service web(boolean alsoAdmin) {
        return alsoAdmin
                ? service("Web", role("WebRole", RoleKind.WEB, 1, input("Http", Transport.TCP, 80, 8080),
                        input("Admin", Transport.TCP, 81, 9090)))
                : service("Web", role("WebRole", RoleKind.WEB, 1, input("Http", Transport.TCP, 80, 8080)));
    }

    static Ruleset compile(Service s) {
        HostDeployment d = SamplePlacement.place(s.name().toLowerCase(java.util.Locale.ROOT), s, SUBNET);
        return new NftRulesetCompiler().compile(List.of(d), NET);
    }

    static Ruleset withExtraChains(Ruleset r, Chain... extra) {
        Table inet = r.tables().get(0);
        List<Chain> chains = new ArrayList<>(inet.chains());
        chains.addAll(List.of(extra));
        return new Ruleset(List.of(new Table(inet.family(), inet.name(), inet.sets(), chains), r.tables().get(1)));
    }

    /** True when a TCP connection from {@code from} (optionally from source address {@code bind}) is accepted. */
    static boolean connect(NetnsThread from, String address, int port, String bind) {
        return from.call(() -> {
            try (Socket s = new Socket()) {
                if (bind != null) {
                    s.bind(new InetSocketAddress(bind, 0));
                }
                s.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MS);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    static void listen(NetnsThread ns, int port) {
        ServerSocket server = ns.call(() -> new ServerSocket(port));
        track(server);
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write('x');
                } catch (IOException e) {
                    // closed at the end of the test
                }
            }
        }, "listener-" + port);
        t.setDaemon(true);
        t.start();
    }

    static <T extends AutoCloseable> T track(T c) {
        cleanup.add(c);
        return c;
    }

    static void ip(String... args) {
        TestNetns.ip(true, args);
    }
}
