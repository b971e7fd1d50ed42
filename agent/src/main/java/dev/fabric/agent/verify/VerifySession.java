package dev.fabric.agent.verify;

import dev.fabric.agent.libvirt.LibvirtDomain;
import dev.fabric.agent.libvirt.LibvirtHost;
import dev.fabric.agent.run.AgentSettings;
import dev.fabric.agent.run.DeploymentStore;
import dev.fabric.agent.run.StoredDeployment;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.verify.PortSet;
import dev.fabric.firewall.verify.ScanOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One {@code fabric verify} run on this host: reads the stand-alone agent's stored deployments and
 * libvirt's domains (changing neither), sets up the vantage points, scans, and tears the bridge probe
 * down again whatever happens.
 *
 * @param deployments  names to verify; empty = every stored deployment
 * @param fromNamespace the "outside" vantage point, a namespace made with {@code ip netns add}
 * @param bridgeProbe  whether to scan from a stranger on the instance bridge too
 */
public record VerifySession(AgentSettings settings, List<String> deployments, Optional<String> fromNamespace,
                            boolean bridgeProbe, PortSet ports, ScanOptions scan) {
    private static final Path NETNS_DIR = Path.of("/run/netns");

    public VerifySession {
        deployments = List.copyOf(deployments);
    }

    /**
     * @throws VerifyException for an unknown deployment, a missing namespace or bridge, or a probe
     *                         that cannot be set up
     * @throws dev.fabric.agent.libvirt.LibvirtOperationException when libvirt cannot be reached
     */
    public VerifyReport run(Consumer<String> progress) {
        List<StoredDeployment> stored = stored();
        fromNamespace.ifPresent(VerifySession::requireNamespace);
        List<LibvirtDomain> domains;
        try (LibvirtHost libvirt = LibvirtHost.open(settings.host().libvirtUri())) {
            domains = libvirt.domains();
        }
        List<VerifyTarget> targets = VerifyTargets.of(stored, domains);
        IsolationVerifier verifier = new IsolationVerifier(ports, progress);
        if (targets.isEmpty()) {
            return verifier.verify(targets, List.of(), Optional.empty());
        }
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            List<VantagePoint> vantages = new ArrayList<>();
            Optional<IsolationVerifier.PublicSide> publicSide = Optional.empty();
            if (fromNamespace.isPresent()) {
                NamespaceScanner outside = NamespaceScanner.join(fromNamespace.get(), scan);
                opened.add(outside);
                Ipv4Address toward = targets.stream().flatMap(t -> t.address().stream()).findFirst()
                        .orElse(settings.host().externalAddress());
                VantagePoint v = new VantagePoint("outside", "namespace " + fromNamespace.get(), outside.sourceToward(toward),
                        outside);
                vantages.add(v);
                publicSide = Optional.of(new IsolationVerifier.PublicSide(v, settings.host().externalAddress()));
            }
            if (bridgeProbe) {
                BridgeVantage bridge = BridgeVantage.attach(settings.host().bridge(), settings.host().instanceSubnet(),
                        VerifyTargets.takenAddresses(domains), scan, progress);
                opened.add(0, bridge); // closed first: its scanner leaves the probe's namespace before it is deleted
                vantages.add(bridge.vantage());
            }
            return verifier.verify(targets, vantages, publicSide);
        } finally {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing what this run opened; the probe namespace is also swept by the next run
                }
            }
        }
    }

    private List<StoredDeployment> stored() {
        DeploymentStore store = new DeploymentStore(settings.deploymentsDir());
        List<String> known = store.names();
        List<String> names = deployments.isEmpty() ? known : deployments;
        List<StoredDeployment> out = new ArrayList<>();
        for (String name : names) {
            if (!known.contains(name)) {
                throw new VerifyException("no deployment " + name + " on this host (known: "
                        + (known.isEmpty() ? "none" : String.join(", ", known)) + "; store " + store.dir() + ")");
            }
            store.peek(name).ifPresent(out::add); // never repairs: an agent may be writing
        }
        return out;
    }

    private static void requireNamespace(String name) {
        if (!name.matches("[A-Za-z0-9_.-]{1,64}") || name.equals(".") || name.equals("..")
                || !Files.exists(NETNS_DIR.resolve(name))) {
            throw new VerifyException("no network namespace '" + name + "' (" + NETNS_DIR.resolve(name)
                    + " does not exist; see ip netns list)");
        }
    }
}
