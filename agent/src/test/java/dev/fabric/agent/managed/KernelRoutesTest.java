package dev.fabric.agent.managed;

import dev.fabric.agent.iproute.IpCommand;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.Ipv4Subnet;
import dev.fabric.nativelib.libc.NetnsThread;
import dev.fabric.nativelib.libc.TestNetns;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KernelRoutesTest {
    static HostRoute route(String subnet, String via) {
        return new HostRoute(Ipv4Subnet.parse(subnet), Ipv4Address.parse(via));
    }

    @Test
    void thePlanAddsRepointsAndDeletesOnlyWhatDiffers() {
        RoutePlan p = RoutePlan.of(List.of(route("10.213.2.0/24", "10.214.0.12"), route("10.213.3.0/24", "10.214.0.99")),
                List.of(route("10.213.3.0/24", "10.214.0.13"), route("10.213.4.0/24", "10.214.0.14"), route("10.213.2.0/24", "10.214.0.12")));
        assertThat(p.replace()).containsExactly(route("10.213.3.0/24", "10.214.0.99"));
        assertThat(p.delete()).containsExactly(Ipv4Subnet.parse("10.213.4.0/24"));
        assertThat(RoutePlan.of(List.of(route("10.213.2.0/24", "10.214.0.12")), List.of(route("10.213.2.0/24", "10.214.0.12"))).isEmpty()).isTrue();
    }

    @Test
    void oneSubnetViaTwoHostsIsRefused() {
        assertThatThrownBy(() -> RoutePlan.of(List.of(route("10.213.2.0/24", "10.214.0.12"), route("10.213.2.0/24", "10.214.0.13")), List.of()))
                .isInstanceOf(ControllerStateException.class).hasMessage("routes: 10.213.2.0/24 is routed via both 10.214.0.12 and 10.214.0.13");
    }

    @Test
    void fabricsRoutesFollowTheControllerAndOtherRoutesAreLeftAlone() {
        try (TestNetns ns = TestNetns.create("routes-" + ProcessHandle.current().pid())) {
            TestNetns.ip(true, "-n", ns.name(), "link", "add", "v0", "type", "veth", "peer", "name", "v1");
            TestNetns.ip(true, "-n", ns.name(), "addr", "add", "10.214.0.11/24", "dev", "v0");
            TestNetns.ip(true, "-n", ns.name(), "link", "set", "v0", "up");
            TestNetns.ip(true, "-n", ns.name(), "link", "set", "v1", "up");
            TestNetns.ip(true, "-n", ns.name(), "route", "add", "10.99.0.0/16", "via", "10.214.0.1");
            KernelRoutes routes = new KernelRoutes();
            try (NetnsThread inside = NetnsThread.join(ns.name())) {
                RoutePlan first = inside.call(() -> routes.reconcile(List.of(route("10.213.2.0/24", "10.214.0.12"),
                        route("10.213.3.0/24", "10.214.0.13"))));
                assertThat(first.replace()).hasSize(2);
                assertThat(inside.call(routes::list)).containsExactlyInAnyOrder(route("10.213.2.0/24", "10.214.0.12"),
                        route("10.213.3.0/24", "10.214.0.13"));
                assertThat(inside.call(() -> routes.reconcile(List.of(route("10.213.2.0/24", "10.214.0.12"),
                        route("10.213.3.0/24", "10.214.0.13")))).isEmpty()).as("nothing to do the second time").isTrue();

                inside.call(() -> routes.reconcile(List.of(route("10.213.3.0/24", "10.214.0.14"))));
                assertThat(inside.call(routes::list)).containsExactly(route("10.213.3.0/24", "10.214.0.14"));
                String all = inside.call(() -> IpCommand.run("-4", "route", "show"));
                assertThat(all).contains("10.99.0.0/16 via 10.214.0.1").doesNotContain("10.213.2.0/24");

                inside.call(() -> routes.reconcile(List.of()));
                assertThat(inside.call(routes::list)).isEmpty();
                assertThat(inside.call(() -> IpCommand.run("-4", "route", "show"))).contains("10.99.0.0/16");
            }
        }
    }
}
