package dev.fabric.agent.verify;

import dev.fabric.agent.desired.HostAssignment;
import dev.fabric.agent.desired.HostSettings;
import dev.fabric.agent.libvirt.LibvirtDomain;
import dev.fabric.agent.managed.ManagedState;
import dev.fabric.agent.run.StoredDeployment;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.verify.PortSet;
import dev.fabric.firewall.verify.ScanOptions;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A managed agent's part of {@code fabric verify DEPLOYMENT} through the controller (0690): the bridge
 * vantage point of decision 0550 for the instances of one deployment that the controller placed on this
 * host. What to check comes from the controller's desired state as the agent holds it ({@link ManagedState}:
 * the definitions and this host's instances), each address from the domain's metadata, as for the
 * stand-alone command; nothing is changed but the throwaway probe.
 */
public final class ManagedVerification {
    private final HostSettings host;
    private final ManagedState managed;
    private final Supplier<List<LibvirtDomain>> domains;

    public ManagedVerification(HostSettings host, ManagedState managed, Supplier<List<LibvirtDomain>> domains) {
        this.host = host;
        this.managed = managed;
        this.domains = domains;
    }

    /** This host's instances of {@code deployment}, in role and index order; empty when it holds none. */
    public List<VerifyTarget> targets(String deployment, List<LibvirtDomain> domains) {
        HostAssignment here = managed.assignments().deployments().get(deployment);
        if (here == null || here.addresses().isEmpty()) {
            return List.of();
        }
        StoredDeployment stored = managed.store().peek(deployment).orElseThrow(() -> new VerifyException(
                "deployment " + deployment + " is in the controller's state but not in " + managed.store().dir()));
        return VerifyTargets.of(List.of(stored), domains).stream()
                .filter(t -> here.addresses().containsKey(t.id())).toList();
    }

    /**
     * Scans this host's instances of {@code deployment} from a probe on the instance bridge.
     *
     * @return the report; without vantage points or instances when the host holds none of the deployment
     * @throws VerifyException when the probe cannot be set up
     */
    public VerifyReport verify(String deployment, PortSet ports, ScanOptions scan, Consumer<String> progress) {
        List<LibvirtDomain> all = domains.get();
        List<VerifyTarget> targets = targets(deployment, all);
        IsolationVerifier verifier = new IsolationVerifier(ports, progress);
        if (targets.isEmpty()) {
            return verifier.verify(targets, List.of(), Optional.empty());
        }
        try (BridgeVantage bridge = BridgeVantage.attach(host.bridge(), host.instanceSubnet(), taken(all), scan, progress)) {
            return verifier.verify(targets, List.of(bridge.vantage()), Optional.empty());
        }
    }

    /** Every Fabric domain's address and every address the controller assigned here, defined yet or not. */
    private Set<Ipv4Address> taken(List<LibvirtDomain> all) {
        Set<Ipv4Address> taken = new TreeSet<>(VerifyTargets.takenAddresses(all));
        managed.assignments().deployments().values().forEach(a -> taken.addAll(a.addresses().values()));
        return taken;
    }
}
