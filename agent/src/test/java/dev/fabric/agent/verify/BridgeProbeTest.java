package dev.fabric.agent.verify;

import dev.fabric.agent.iproute.IpCommand;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.Ipv4Subnet;
import dev.fabric.nativelib.libc.NetnsThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The probe in real namespaces: a throwaway "host" {@code fabric-vt-PID-bp} with bridge vtbr0 stands in
 * for the agent's namespace; the probe is made from a thread inside it, as {@code fabric verify} is run
 * with {@code ip netns exec}. Nothing may be left behind, also when attaching fails.
 */
class BridgeProbeTest {
    private static final Ipv4Subnet SUBNET = Ipv4Subnet.parse("10.213.0.0/24");
    private static final Ipv4Address ADDRESS = Ipv4Address.parse("10.213.0.254");
    private final String host = "fabric-vt-" + ProcessHandle.current().pid() + "-bp";
    private final String probeNamespace = BridgeProbe.PREFIX + ProcessHandle.current().pid();
    private NetnsThread inHost;

    @BeforeEach
    void setUp() {
        assumeTrue(Files.isDirectory(Path.of("/run")) && isRoot(), "needs root for network namespaces");
        IpCommand.quietly("netns", "del", host);
        IpCommand.run("netns", "add", host);
        IpCommand.run("-n", host, "link", "add", "vtbr0", "type", "bridge");
        IpCommand.run("-n", host, "link", "set", "vtbr0", "up");
        inHost = NetnsThread.join(host);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    @AfterEach
    void tearDown() {
        if (inHost != null) {
            inHost.close();
        }
        IpCommand.quietly("netns", "del", host);
    }

    private static boolean namespaceExists(String name) {
        return Files.exists(Path.of("/run/netns", name));
    }

    @Test
    void theProbeIsABridgePortWithItsAddressAndCloseRemovesEverything() {
        BridgeProbe probe = inHost.call(() -> BridgeProbe.attach("vtbr0", SUBNET, ADDRESS));
        try {
            assertThat(probe.namespace()).isEqualTo(probeNamespace);
            assertThat(namespaceExists(probeNamespace)).isTrue();
            assertThat(IpCommand.run("-n", host, "-d", "link", "show", "dev", probe.hostEnd()))
                    .contains("master vtbr0").contains("state forwarding");
            assertThat(IpCommand.run("-n", probeNamespace, "-4", "addr", "show")).contains("inet 10.213.0.254/24");
            assertThat(probe.hostEnd()).doesNotStartWith("fab-"); // the anti-spoofing set would drop a tap-named port
        } finally {
            inHost.call(() -> {
                probe.close();
                return null;
            });
        }
        assertThat(namespaceExists(probeNamespace)).isFalse();
        assertThat(IpCommand.quietly("-n", host, "link", "show", "dev", probe.hostEnd())).isFalse();
    }

    @Test
    void beingStoppedBySignalDeletesTheProbe() throws Exception {
        Process holder = new ProcessBuilder("ip", "netns", "exec", host,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                ProbeHolder.class.getName(), "vtbr0").redirectErrorStream(true).start();
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine();
            String namespace = BridgeProbe.PREFIX + holder.pid();
            assertThat(line).isEqualTo("attached " + namespace);
            assertThat(namespaceExists(namespace)).isTrue();

            // SIGTERM runs the same shutdown hook as Ctrl-C's SIGINT; SIGINT itself is ignored by every process
            // started under a background job (bash sets it to SIG_IGN there, and the JVM then leaves it so).
            new ProcessBuilder("kill", "-TERM", Long.toString(holder.pid())).start().waitFor();

            assertThat(holder.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(namespaceExists(namespace)).isFalse();
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aMissingBridgeIsAnErrorThatLeavesNothingBehind() {
        assertThatThrownBy(() -> inHost.call(() -> BridgeProbe.attach("nosuchbr0", SUBNET, ADDRESS)))
                .isInstanceOf(VerifyException.class).hasMessageContaining("no bridge nosuchbr0 in this network namespace")
                .hasMessageContaining("--no-bridge-probe");
        assertThat(namespaceExists(probeNamespace)).isFalse();
    }

    @Test
    void aStaleProbeOfAProcessThatIsGoneIsSweptAndALiveOnesIsKept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String prefix = "fabric-vt-" + ProcessHandle.current().pid() + "-sweep-"; // as fabric-verify-PID, in this test's space
        String stale = prefix + gone.pid();
        String live = prefix + ProcessHandle.current().pid();
        IpCommand.run("netns", "add", stale);
        IpCommand.run("netns", "add", live);
        try {
            BridgeProbe.sweepStale(prefix);

            assertThat(namespaceExists(stale)).isFalse();
            assertThat(namespaceExists(live)).isTrue();
        } finally {
            IpCommand.quietly("netns", "del", stale);
            IpCommand.quietly("netns", "del", live);
        }
    }
}
