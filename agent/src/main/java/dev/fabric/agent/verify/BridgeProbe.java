package dev.fabric.agent.verify;

import dev.fabric.agent.iproute.IpCommand;
import dev.fabric.agent.iproute.IpCommandException;

import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.Ipv4Subnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A stranger on the instance bridge: a throwaway network namespace {@code fabric-verify-PID} whose
 * veth peer {@code fvh-PID} is a port of the bridge, with an address of the instance subnet that
 * belongs to no instance. Its host end does not carry the tap prefix, so the bridge table's
 * anti-spoofing (decision 0203) does not apply to it and the probe meets exactly the inet table's
 * rules, as any source on the instance network that is not in a deployment's source group would.
 * (Decision 0550.)
 *
 * <p>Made by the calling thread's {@code ip} children, so the host end lands in the calling thread's
 * namespace, where the bridge must be. Deleting the namespace deletes both veth ends. It is deleted
 * on {@link #close}, and by a shutdown hook on Ctrl-C; namespaces of earlier runs whose process is
 * gone are swept before a new one is made.
 */
public final class BridgeProbe implements AutoCloseable {
    public static final String PREFIX = "fabric-verify-";
    private static final Path NETNS_DIR = Path.of("/run/netns");
    private static final String INNER = "probe0";

    private final String namespace;
    private final String hostEnd;
    private final Ipv4Address address;
    private final Thread hook;
    private boolean closed;

    private BridgeProbe(String namespace, String hostEnd, Ipv4Address address) {
        this.namespace = namespace;
        this.hostEnd = hostEnd;
        this.address = address;
        this.hook = new Thread(() -> remove(namespace), "fabric-verify-cleanup");
    }

    /**
     * Makes the probe and waits until its bridge port forwards.
     *
     * @throws VerifyException when the bridge is not in this namespace or a step fails (nothing is left behind)
     */
    public static BridgeProbe attach(String bridge, Ipv4Subnet subnet, Ipv4Address address) {
        sweepStale(PREFIX);
        requireBridge(bridge);
        long pid = ProcessHandle.current().pid();
        BridgeProbe probe = new BridgeProbe(PREFIX + pid, "fvh-" + pid, address);
        remove(probe.namespace); // a leftover of this pid's predecessor
        Runtime.getRuntime().addShutdownHook(probe.hook);
        try {
            IpCommand.run("netns", "add", probe.namespace);
            IpCommand.run("link", "add", probe.hostEnd, "type", "veth", "peer", "name", INNER, "netns", probe.namespace);
            IpCommand.run("link", "set", probe.hostEnd, "master", bridge);
            IpCommand.run("link", "set", probe.hostEnd, "up");
            IpCommand.run("-n", probe.namespace, "link", "set", "lo", "up");
            IpCommand.run("-n", probe.namespace, "addr", "add", address + "/" + subnet.prefixLength(), "dev", INNER);
            IpCommand.run("-n", probe.namespace, "link", "set", INNER, "up");
            probe.awaitForwarding();
            return probe;
        } catch (IpCommandException e) {
            probe.close();
            throw new VerifyException(e.getMessage(), e);
        } catch (RuntimeException e) {
            probe.close();
            throw e;
        }
    }

    public String namespace() {
        return namespace;
    }

    public String hostEnd() {
        return hostEnd;
    }

    public Ipv4Address address() {
        return address;
    }

    private static void requireBridge(String bridge) {
        if (!IpCommand.quietly("link", "show", "dev", bridge, "type", "bridge")) {
            throw new VerifyException("no bridge " + bridge + " in this network namespace (instance.bridge in the agent"
                    + " settings); run fabric verify where the instance bridge is, e.g. ip netns exec fabric-lab fabric verify,"
                    + " or pass --no-bridge-probe");
        }
    }

    /** A bridge with STP on keeps a new port listening and learning for a while; a probe before that sees nothing. */
    private void awaitForwarding() {
        long deadline = System.nanoTime() + 40_000_000_000L;
        while (!IpCommand.run("-d", "-j", "link", "show", "dev", hostEnd).contains("\"state\":\"forwarding\"")) {
            if (System.nanoTime() > deadline) {
                throw new VerifyException("bridge port " + hostEnd + " did not reach the forwarding state within 40 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VerifyException("interrupted while waiting for bridge port " + hostEnd, e);
            }
        }
    }

    /** Deletes namespaces named {@code prefix + PID} whose process no longer runs. */
    static void sweepStale(String prefix) {
        Pattern pid = Pattern.compile(Pattern.quote(prefix) + "(\\d{1,9})");
        if (!Files.isDirectory(NETNS_DIR)) {
            return;
        }
        List<String> names;
        try (Stream<Path> s = Files.list(NETNS_DIR)) {
            names = s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            return; // best effort: a stale probe is clutter, never a wrong result
        }
        for (String n : names) {
            Matcher m = pid.matcher(n);
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                remove(n);
            }
        }
    }

    /**
     * Deletes the veth pair from inside the probe's namespace, which removes both ends at once, then the
     * namespace. Deleting only the namespace would leave the host end to the kernel's asynchronous
     * namespace clean-up for a moment, and a new probe of the same process could not take its name.
     */
    private static void remove(String namespace) {
        IpCommand.quietly("-n", namespace, "link", "del", INNER);
        IpCommand.quietly("netns", "del", namespace);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        remove(namespace);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it deletes the namespace (again, harmlessly)
        }
    }
}
