package dev.fabric.agent.run;

import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.libvirt.LibvirtDomain;
import dev.fabric.agent.reconcile.FailureHistory;
import dev.fabric.agent.reconcile.Health;
import dev.fabric.agent.spec.InstanceSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code fabric agent status} shows, read without changing anything: deployments from the store,
 * instances from libvirt's domains and their metadata (so it is true also while no agent runs),
 * and health verdicts with their reasons, restarts and the last failure reason from the status file
 * the reconciling process writes ({@link InstanceStatusFile}).
 */
public record HostStatus(List<Deployment> deployments) {

    /** @param stored false for domains of a deployment that is no longer in the store (being removed) */
    public record Deployment(String name, boolean stored, List<Instance> instances) {
    }

    /** @param endpoints the declared endpoints, each with its line for people ({@link EndpointStatus#text}) */
    public record Instance(String id, String role, int index, String domain, String state, String address, String mac,
                           String tap, List<EndpointStatus> endpoints, String health, int restarts, Optional<String> lastFailure) {
    }

    public static HostStatus collect(List<String> storedNames, List<LibvirtDomain> domains, Map<InstanceId, Health> health,
                                     Map<InstanceId, FailureHistory> histories) {
        Map<String, List<Instance>> byDeployment = new TreeMap<>();
        storedNames.forEach(n -> byDeployment.put(n, new ArrayList<>()));
        domains.stream().filter(LibvirtDomain::isFabric)
                .sorted(java.util.Comparator.comparing(d -> d.spec().orElseThrow().id()))
                .forEach(d -> {
                    InstanceSpec s = d.spec().orElseThrow();
                    FailureHistory h = histories.getOrDefault(s.id(), FailureHistory.NONE);
                    Health verdict = health.getOrDefault(s.id(), Health.UNKNOWN);
                    String healthText = verdict.status().name().toLowerCase(Locale.ROOT)
                            + (verdict.reason().isEmpty() ? "" : " (" + verdict.reason() + ")");
                    byDeployment.computeIfAbsent(s.id().deployment(), k -> new ArrayList<>()).add(new Instance(
                            s.id().text(), s.id().role(), s.id().index(), d.name(),
                            d.state().name().toLowerCase(Locale.ROOT).replace('_', ' '), s.network().address().toString(),
                            s.network().mac().toString(), s.network().tap(),
                            s.endpoints().stream().map(e -> EndpointStatus.of(e, s.id().index())).toList(), healthText, h.restarts(),
                            h.restarts() == 0 ? Optional.empty() : Optional.of(h.lastReason())));
                });
        List<Deployment> out = new ArrayList<>();
        byDeployment.forEach((name, instances) -> out.add(new Deployment(name, storedNames.contains(name), instances)));
        return new HostStatus(out);
    }
}
