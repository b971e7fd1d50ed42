package dev.fabric.agent.verify;

import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.Ipv4Subnet;
import dev.fabric.firewall.verify.ScanOptions;

import java.util.Set;
import java.util.function.Consumer;

/**
 * The bridge vantage point of decision 0550, ready to scan: a {@link BridgeProbe} at the highest subnet
 * address nothing holds, and a scanner inside its namespace. Used by the stand-alone {@code fabric verify}
 * and by a managed agent answering the controller's verify request (0690). Closing leaves the
 * namespace first and then deletes the probe.
 */
public final class BridgeVantage implements AutoCloseable {
    public static final String NAME = "bridge";

    private final BridgeProbe probe;
    private final NamespaceScanner scanner;
    private final VantagePoint vantage;

    private BridgeVantage(BridgeProbe probe, NamespaceScanner scanner, VantagePoint vantage) {
        this.probe = probe;
        this.scanner = scanner;
        this.vantage = vantage;
    }

    /**
     * @param taken every address the probe must not take (all Fabric domains, of any deployment)
     * @throws VerifyException when no address is free, the bridge is missing or a step fails (nothing is left behind)
     */
    public static BridgeVantage attach(String bridge, Ipv4Subnet subnet, Set<Ipv4Address> taken, ScanOptions scan,
                                       Consumer<String> progress) {
        Ipv4Address address = ProbeAddress.choose(subnet, taken);
        progress.accept("attaching probe " + address + " to bridge " + bridge);
        BridgeProbe probe = BridgeProbe.attach(bridge, subnet, address);
        try {
            NamespaceScanner scanner = NamespaceScanner.join(probe.namespace(), scan);
            return new BridgeVantage(probe, scanner, new VantagePoint(NAME, "probe " + address + " on " + bridge
                    + " (namespace " + probe.namespace() + ")", address, scanner));
        } catch (RuntimeException e) {
            probe.close();
            throw e;
        }
    }

    public VantagePoint vantage() {
        return vantage;
    }

    @Override
    public void close() {
        try {
            scanner.close(); // the scanner's thread leaves the namespace before it is deleted
        } finally {
            probe.close();
        }
    }
}
