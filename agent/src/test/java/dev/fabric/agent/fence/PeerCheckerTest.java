package dev.fabric.agent.fence;

import dev.fabric.agent.managed.FabricPeer;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.nativelib.libc.NetnsThread;
import dev.fabric.nativelib.libc.TestNetns;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Real ICMP echo inside a namespace of the test's own: one address answers, two lead nowhere. */
class PeerCheckerTest {
    @Test
    void countsThePeersThatAnswerAnEchoWithinTheTimeout() {
        try (TestNetns ns = TestNetns.create("peer-" + ProcessHandle.current().pid())) {
            TestNetns.ip(true, "-n", ns.name(), "link", "set", "lo", "up");
            // a veth pair inside the namespace: the far end has no address, so .2 and .3 never answer ARP
            TestNetns.ip(true, "-n", ns.name(), "link", "add", "v0", "type", "veth", "peer", "name", "v1");
            TestNetns.ip(true, "-n", ns.name(), "addr", "add", "10.77.0.1/24", "dev", "v0");
            TestNetns.ip(true, "-n", ns.name(), "link", "set", "v0", "up");
            TestNetns.ip(true, "-n", ns.name(), "link", "set", "v1", "up");
            List<FabricPeer> peers = List.of(new FabricPeer("self-address", Ipv4Address.parse("10.77.0.1")),
                    new FabricPeer("gone-1", Ipv4Address.parse("10.77.0.2")),
                    new FabricPeer("gone-2", Ipv4Address.parse("10.77.0.3")));
            PeerChecker checker = new PeerChecker(Duration.ofMillis(300), Clock.systemUTC());
            try (NetnsThread inside = NetnsThread.join(ns.name())) {
                long start = System.nanoTime();
                PeerCheck check = inside.call(() -> checker.check(peers));
                long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(check.total()).isEqualTo(3);
                assertThat(check.reachable()).isEqualTo(1);
                assertThat(check.majority()).as("self + 1 of 4 hosts").isFalse();
                assertThat(tookMs).as("rounds are parallel and bounded by the timeout").isLessThan(5_000);
            }
        }
    }
}
