package dev.fabric.cli;

import dev.fabric.nativelib.libc.NetnsThread;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A Fabric host emulated in throwaway network namespaces: the host (a namespace the caller made, where
 * the agent's firewall goes) gets bridge fabbr0 (10.213.0.1/24), forwarding and br_netfilter on; in
 * namespaces {@code fabric-vt-PID-*} the outside ({@code -o},
 * 10.213.255.2, routed through the host's 10.213.255.1) as in the lab contract; and instances as
 * namespaces ({@code -iK}) joined to the bridge by a veth whose host end has the tap name the agent
 * gives instance K ({@code fab-K}), with the instance's MAC and address, serving real TCP listeners.
 * Every namespace is deleted on close; traffic never leaves them.
 */
final class EmulatedHost implements AutoCloseable {
    static final String OUTSIDE_ADDRESS = "10.213.255.2";

    private final String prefix = "fabric-vt-" + ProcessHandle.current().pid() + "-";
    private final List<String> namespaces = new ArrayList<>();
    private final List<NetnsThread> threads = new ArrayList<>();
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final NetnsThread host;

    private final String hostNamespace;

    /** @param hostNamespace the host's namespace, joined by {@code host}; it is the caller's to delete */
    EmulatedHost(String hostNamespace, NetnsThread host) throws Exception {
        this.hostNamespace = hostNamespace;
        this.host = host;
        removeLeftovers();
        try {
            String h = hostNamespace;
            String o = add("o");
            Commands.must("ip", "-n", h, "link", "add", "fabbr0", "type", "bridge");
            Commands.must("ip", "-n", h, "addr", "add", "10.213.0.1/24", "dev", "fabbr0");
            Commands.must("ip", "-n", h, "link", "set", "fabbr0", "up");
            Commands.must("ip", "-n", h, "link", "add", "vt-out", "type", "veth", "peer", "name", "vt-in", "netns", o);
            Commands.must("ip", "-n", h, "addr", "add", "10.213.255.1/30", "dev", "vt-out");
            Commands.must("ip", "-n", h, "link", "set", "vt-out", "up");
            Commands.must("ip", "-n", o, "addr", "add", OUTSIDE_ADDRESS + "/30", "dev", "vt-in");
            Commands.must("ip", "-n", o, "link", "set", "vt-in", "up");
            Commands.must("ip", "-n", o, "route", "add", "default", "via", "10.213.255.1");
            Commands.must("ip", "netns", "exec", h, "sysctl", "-qw", "net.ipv4.ip_forward=1");
            Commands.must("ip", "netns", "exec", h, "sysctl", "-qw", "net.bridge.bridge-nf-call-iptables=1");
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    private String add(String suffix) throws Exception {
        String ns = prefix + suffix;
        Commands.quietly("ip", "netns", "del", ns);
        Commands.must("ip", "netns", "add", ns);
        namespaces.add(ns);
        Commands.must("ip", "-n", ns, "link", "set", "lo", "up");
        return ns;
    }

    private NetnsThread join(String ns) {
        NetnsThread t = NetnsThread.join(ns);
        threads.add(t);
        return t;
    }

    /** The host's namespace: run the agent and {@code fabric verify} here. */
    NetnsThread host() {
        return host;
    }

    String hostNamespace() {
        return hostNamespace;
    }

    String outsideNamespace() {
        return prefix + "o";
    }

    /** Instance K at {@code 10.213.0.(10+K)} behind tap {@code fab-K}, listening on {@code ports}. */
    void instance(int k, int... ports) throws Exception {
        String ns = add("i" + k);
        int last = 10 + k;
        Commands.must("ip", "-n", hostNamespace(), "link", "add", "fab-" + k, "type", "veth", "peer", "name", "eth0", "netns", ns);
        Commands.must("ip", "-n", hostNamespace(), "link", "set", "fab-" + k, "master", "fabbr0", "up");
        Commands.must("ip", "-n", ns, "link", "set", "eth0", "address", String.format("52:54:00:d5:00:%02x", last));
        Commands.must("ip", "-n", ns, "addr", "add", "10.213.0." + last + "/24", "dev", "eth0");
        Commands.must("ip", "-n", ns, "link", "set", "eth0", "up");
        Commands.must("ip", "-n", ns, "route", "add", "default", "via", "10.213.0.1");
        NetnsThread inside = join(ns);
        for (int port : ports) {
            ServerSocketChannel server = inside.call(() -> {
                ServerSocketChannel s = ServerSocketChannel.open();
                s.bind(new InetSocketAddress(port));
                return s;
            });
            listeners.add(server);
            Thread accept = new Thread(() -> acceptAndClose(server), "vt-listener-" + k + "-" + port);
            accept.setDaemon(true);
            accept.start();
        }
    }

    private static void acceptAndClose(ServerSocketChannel server) {
        while (server.isOpen()) {
            try (SocketChannel ignored = server.accept()) {
                // a scan only needs the handshake
            } catch (IOException closedOrReset) {
                if (!server.isOpen()) {
                    return;
                }
            }
        }
    }

    /** Namespaces of a killed earlier run of this test (their pid is gone) would otherwise pile up. */
    private static void removeLeftovers() throws IOException {
        java.nio.file.Path dir = java.nio.file.Path.of("/run/netns");
        if (!java.nio.file.Files.isDirectory(dir)) {
            return;
        }
        try (var s = java.nio.file.Files.list(dir)) {
            for (String n : s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("fabric-vt-")).toList()) {
                String pid = n.substring("fabric-vt-".length()).replaceAll("-.*", "");
                if (pid.matches("\\d{1,9}") && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                    Commands.quietly("ip", "netns", "del", n);
                }
            }
        }
    }

    @Override
    public void close() {
        for (ServerSocketChannel s : listeners) {
            try {
                s.close();
            } catch (IOException ignored) {
                // the namespace goes away next anyway
            }
        }
        threads.forEach(NetnsThread::close);
        for (String ns : namespaces) {
            Commands.quietly("ip", "netns", "del", ns);
        }
    }
}
