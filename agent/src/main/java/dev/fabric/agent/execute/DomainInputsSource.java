package dev.fabric.agent.execute;

import dev.fabric.agent.libvirt.DomainInputs;
import dev.fabric.agent.spec.InstanceSpec;

/**
 * Where this host keeps an instance's files (boot source, config drive, console log) plus the host's
 * bridge and resolved virt type: everything besides the spec that a domain definition needs.
 */
@FunctionalInterface
public interface DomainInputsSource {
    DomainInputs forSpec(InstanceSpec spec);
}
