package dev.fabric.agent.run;

import dev.fabric.servicedef.model.AclRule;
import dev.fabric.servicedef.model.Endpoint;
import dev.fabric.servicedef.model.PortRange;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One declared endpoint of one instance, as {@code fabric agent status --json} shows it: the facts of the
 * validated model plus what follows for this instance (its own public port of an instance input endpoint).
 *
 * @param kind             {@code input}, {@code instanceInput} or {@code internal}
 * @param protocol         {@code tcp}, {@code udp} or {@code any} (the csdef's http and https are tcp)
 * @param localPorts       the port(s) open on the instance: a single port except for an internal port range
 *                         (and {@code any}: 1-65535)
 * @param publicPort       input: the port on the host's external address; instanceInput: this instance's port
 * @param publicPorts      instanceInput: the whole declared range of public ports
 * @param acl              input and instanceInput: the EndpointAcl rules in order (empty: everyone may connect)
 * @param allowedFromRoles internal: the roles of the same deployment that may connect
 * @param text             the line {@code fabric agent status} prints for people
 */
public record EndpointStatus(String name, String kind, String protocol, PortRange localPorts, Optional<Integer> publicPort,
                             Optional<PortRange> publicPorts, List<AclRule> acl, Optional<Set<String>> allowedFromRoles,
                             String text) {
    public EndpointStatus {
        acl = List.copyOf(acl);
        allowedFromRoles = allowedFromRoles.map(TreeSet::new).map(java.util.Collections::unmodifiableSet);
    }

    /** The endpoint as seen on instance {@code index} of its role. */
    public static EndpointStatus of(Endpoint endpoint, int index) {
        String protocol = endpoint.transport().name().toLowerCase(Locale.ROOT);
        String text = EndpointText.of(endpoint);
        if (endpoint instanceof Endpoint.Input e) {
            return new EndpointStatus(e.name(), "input", protocol, PortRange.single(e.localPort()),
                    Optional.of(e.publicPort()), Optional.empty(), e.acl(), Optional.empty(), text);
        }
        if (endpoint instanceof Endpoint.InstanceInput e) {
            return new EndpointStatus(e.name(), "instanceInput", protocol, PortRange.single(e.localPort()),
                    Optional.of(e.publicPorts().min() + index), Optional.of(e.publicPorts()), e.acl(), Optional.empty(), text);
        }
        Endpoint.Internal e = (Endpoint.Internal) endpoint;
        return new EndpointStatus(e.name(), "internal", protocol, e.ports(), Optional.empty(), Optional.empty(), List.of(),
                Optional.of(e.allowedFromRoles()), text);
    }
}
