package dev.fabric.agent.verify;

import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.verify.PortSet;
import dev.fabric.firewall.verify.ScanOptions;
import dev.fabric.firewall.verify.TcpConnectScanner;
import dev.fabric.nativelib.libc.NetnsThread;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;

/**
 * Scans from a named network namespace: the scanner runs on a thread that has joined it, so every
 * socket it opens lives there (decision 0204).
 */
public final class NamespaceScanner implements PortScanner, AutoCloseable {
    private final NetnsThread thread;
    private final TcpConnectScanner scanner;

    private NamespaceScanner(NetnsThread thread, ScanOptions options) {
        this.thread = thread;
        this.scanner = new TcpConnectScanner(options);
    }

    /** @throws VerifyException when the namespace does not exist or cannot be joined */
    public static NamespaceScanner join(String namespace, ScanOptions options) {
        try {
            return new NamespaceScanner(NetnsThread.join(namespace), options);
        } catch (IllegalStateException e) {
            throw new VerifyException("cannot scan from network namespace " + namespace + ": " + e.getMessage(), e);
        }
    }

    @Override
    public PortSet openPorts(Ipv4Address target, PortSet ports) {
        InetAddress address = inet(target);
        return thread.call(() -> scanner.scan(address, ports).open());
    }

    /**
     * The source address connections from this namespace to {@code target} get: the kernel's route
     * lookup for an unsent UDP "connection". Endpoint ACLs are judged on it.
     *
     * @throws VerifyException when the namespace has no route to the target
     */
    public Ipv4Address sourceToward(Ipv4Address target) {
        return thread.call(() -> {
            try (DatagramChannel c = DatagramChannel.open(java.net.StandardProtocolFamily.INET)) {
                c.connect(new InetSocketAddress(inet(target), 9));
                return Ipv4Address.parse(((InetSocketAddress) c.getLocalAddress()).getAddress().getHostAddress());
            } catch (IOException e) {
                throw new VerifyException("network namespace " + thread.name() + " cannot reach " + target + ": "
                        + e.getMessage() + " (does it have a route to the instance subnet?)", e);
            }
        });
    }

    private static InetAddress inet(Ipv4Address a) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a.octet(0), (byte) a.octet(1), (byte) a.octet(2), (byte) a.octet(3)});
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e); // four bytes are always an address
        }
    }

    @Override
    public void close() {
        thread.close();
    }
}
