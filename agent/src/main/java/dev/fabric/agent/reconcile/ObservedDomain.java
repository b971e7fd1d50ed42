package dev.fabric.agent.reconcile;

import dev.fabric.agent.spec.InstanceSpec;

import java.util.Optional;

/**
 * One libvirt domain as the agent found it. {@code spec} is read from the domain's metadata;
 * empty means the domain is not Fabric's (or its metadata is unreadable) and is never touched.
 */
public record ObservedDomain(String name, DomainState state, Optional<InstanceSpec> spec, Health health) {
    public static ObservedDomain fabric(InstanceSpec spec, DomainState state, Health health) {
        return new ObservedDomain(spec.domainName(), state, Optional.of(spec), health);
    }

    public static ObservedDomain foreign(String name, DomainState state) {
        return new ObservedDomain(name, state, Optional.empty(), Health.UNKNOWN);
    }
}
