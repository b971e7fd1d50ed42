package dev.fabric.agent.execute;

import dev.fabric.agent.Fixtures;
import dev.fabric.agent.reconcile.FirewallPlan;
import dev.fabric.agent.reconcile.TargetHostBuilder;
import dev.fabric.firewall.apply.FirewallApplier;
import dev.fabric.nativelib.libc.NetnsThread;
import dev.fabric.nativelib.nftables.Nftables;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The executor's firewall step on real libnftables, in a throwaway network namespace. */
class NftHostFirewallTest {

    private static void ip(String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aPlanBecomesFabricsTablesAndTheInstanceAddressesAreInThem() throws Exception {
        String ns = "fabric-exec-" + ProcessHandle.current().pid();
        ip("ip", "netns", "del", ns);
        ip("ip", "netns", "add", ns);
        try (NetnsThread thread = NetnsThread.join(ns)) {
            Nftables nft = thread.call(Nftables::open);
            try {
                FirewallPlan plan = new TargetHostBuilder().build(Fixtures.desired("tiny", Fixtures.webfarm(2)), List.of())
                        .firewall();
                NftHostFirewall firewall = new NftHostFirewall(new FirewallApplier(nft));

                firewall.apply(plan);
                firewall.apply(plan); // the same plan again: an empty update, still fine

                String ruleset = nft.run("list ruleset");
                assertThat(ruleset).contains("table inet fabric").contains("table bridge fabric")
                        .contains("10.213.0.10").contains("10.213.0.12");
            } finally {
                nft.close();
            }
        } finally {
            ip("ip", "netns", "del", ns);
        }
    }
}
