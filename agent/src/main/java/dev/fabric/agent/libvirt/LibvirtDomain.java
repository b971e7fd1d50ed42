package dev.fabric.agent.libvirt;

import dev.fabric.agent.reconcile.DomainState;
import dev.fabric.agent.reconcile.Health;
import dev.fabric.agent.reconcile.ObservedDomain;
import dev.fabric.agent.spec.InstanceSpec;

import java.util.Optional;

/**
 * One domain as read from libvirt.
 *
 * @param id              libvirt's domain id while it runs, -1 when inactive (it changes on every start, so it
 *                        tells a restarted guest from one that kept running)
 * @param state           reduced for the reconciler ({@link LibvirtStates})
 * @param libvirtState    virDomainState
 * @param libvirtReason   the reason for that state
 * @param spec            the Fabric instance spec from its metadata; empty for foreign domains
 * @param metadataProblem why Fabric metadata that is present could not be read (the domain is then left alone)
 */
public record LibvirtDomain(String name, String uuid, int id, DomainState state, int libvirtState, int libvirtReason,
                            Optional<InstanceSpec> spec, Optional<String> metadataProblem) {

    public boolean isFabric() {
        return spec.isPresent();
    }

    public ObservedDomain toObserved(Health health) {
        return spec.map(s -> ObservedDomain.fabric(s, state, health)).orElseGet(() -> ObservedDomain.foreign(name, state));
    }
}
