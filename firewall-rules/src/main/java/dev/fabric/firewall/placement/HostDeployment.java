package dev.fabric.firewall.placement;

import dev.fabric.servicedef.model.Service;

import java.util.List;

/**
 * One deployment as far as this host is concerned: the validated service, the instances placed here
 * and the deployment's instances on other hosts ({@code peers}). Internal endpoints admit the allowed
 * roles' instances of both lists as sources, and nothing else; peers get nothing opened here.
 */
public record HostDeployment(String name, Service service, List<InstancePlacement> instances, List<PeerPlacement> peers) {
    /** A deployment that runs on this host alone. */
    public HostDeployment(String name, Service service, List<InstancePlacement> instances) {
        this(name, service, instances, List.of());
    }

    public HostDeployment {
        instances = List.copyOf(instances);
        peers = List.copyOf(peers);
        for (PeerPlacement p : peers) {
            if (!p.deployment().equals(name)) {
                throw new IllegalArgumentException("peer instance " + p.label() + " listed under deployment " + name);
            }
            if (service.role(p.role()).isEmpty()) {
                throw new IllegalArgumentException("peer instance " + p.label() + " names role '" + p.role()
                        + "' which service " + service.name() + " does not define");
            }
            for (InstancePlacement i : instances) {
                if (i.address().equals(p.address())) {
                    throw new IllegalArgumentException("peer instance " + p.label() + " has address " + p.address()
                            + ", which instance " + i.label() + " has on this host");
                }
            }
        }
        for (InstancePlacement i : instances) {
            if (!i.deployment().equals(name)) {
                throw new IllegalArgumentException("instance " + i.label() + " listed under deployment " + name);
            }
            if (service.role(i.role()).isEmpty()) {
                throw new IllegalArgumentException("instance " + i.label() + " names role '" + i.role()
                        + "' which service " + service.name() + " does not define");
            }
        }
    }
}
