package dev.fabric.agent.reconcile;

import dev.fabric.agent.Fixtures;
import dev.fabric.agent.desired.DesiredHost;
import dev.fabric.agent.desired.ImageRef;
import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.spec.InstanceSpec;
import dev.fabric.servicedef.model.Service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds targets and the observed state of a host on which a target has been fully applied. */
final class HostStates {
    private HostStates() {
    }

    static TargetHost target(String image, List<ObservedDomain> observed, Service... services) {
        DesiredHost desired = Fixtures.desired(image, services);
        return new TargetHostBuilder().build(desired, observed);
    }

    static TargetHost target(String image, Service... services) {
        return target(image, List.of(), services);
    }

    /** Every instance defined, running and healthy, its volumes present, the firewall applied. */
    static ObservedHost converged(TargetHost target) {
        List<ObservedDomain> domains = new ArrayList<>();
        Set<String> volumes = new HashSet<>();
        for (InstanceTarget t : target.instances()) {
            InstanceSpec spec = t.spec();
            domains.add(ObservedDomain.fabric(spec, DomainState.RUNNING, Health.HEALTHY));
            volumes.add(VolumeNames.configDrive(spec.domainName()));
            if (spec.image().kind() == ImageRef.Kind.DISK) {
                volumes.add(VolumeNames.overlay(spec.domainName()));
            }
        }
        return new ObservedHost(domains, volumes, Optional.of(target.firewall()), Map.of());
    }

    static ObservedHost withDomains(ObservedHost h, List<ObservedDomain> domains) {
        return new ObservedHost(domains, h.volumes(), h.firewall(), h.failures());
    }

    static ObservedHost withDomain(ObservedHost h, InstanceId id, DomainState state, Health health) {
        List<ObservedDomain> domains = h.domains().stream().map(d -> d.spec().map(InstanceSpec::id).filter(id::equals).isPresent()
                ? ObservedDomain.fabric(d.spec().get(), state, health) : d).toList();
        return withDomains(h, domains);
    }

    static ObservedHost withFailures(ObservedHost h, Map<InstanceId, FailureHistory> failures) {
        return new ObservedHost(h.domains(), h.volumes(), h.firewall(), failures);
    }

    static ObservedHost withoutFirewall(ObservedHost h) {
        return new ObservedHost(h.domains(), h.volumes(), Optional.empty(), h.failures());
    }
}
