package dev.fabric.agent.verify;

import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.verify.PortSet;
import dev.fabric.firewall.verify.ScanOptions;
import dev.fabric.firewall.verify.TcpConnectScanner;
import dev.fabric.nativelib.libc.NetnsThread;

import java.net.InetAddress;

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
        InetAddress address = SourceAddress.inet(target);
        return thread.call(() -> scanner.scan(address, ports).open());
    }

    /**
     * The source address connections from this namespace to {@code target} get: the kernel's route
     * lookup for an unsent UDP "connection". Endpoint ACLs are judged on it.
     *
     * @throws VerifyException when the namespace has no route to the target
     */
    public Ipv4Address sourceToward(Ipv4Address target) {
        return thread.call(() -> SourceAddress.toward(target, "network namespace " + thread.name()));
    }

    @Override
    public void close() {
        thread.close();
    }
}
