package dev.fabric.agent.verify;

import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.verify.PortSet;
import dev.fabric.firewall.verify.ScanOptions;
import dev.fabric.firewall.verify.TcpConnectScanner;

/** Scans from the network namespace the process runs in (the outside vantage point when no --from is given). */
public final class LocalScanner implements PortScanner {
    private final TcpConnectScanner scanner;

    public LocalScanner(ScanOptions options) {
        this.scanner = new TcpConnectScanner(options);
    }

    @Override
    public PortSet openPorts(Ipv4Address target, PortSet ports) {
        return scanner.scan(SourceAddress.inet(target), ports).open();
    }

    /** @throws VerifyException when this namespace has no route to the target */
    public Ipv4Address sourceToward(Ipv4Address target) {
        return SourceAddress.toward(target, "this network namespace");
    }
}
