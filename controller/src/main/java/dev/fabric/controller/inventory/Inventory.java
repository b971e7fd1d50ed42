package dev.fabric.controller.inventory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The hosts the controller may use, in file order: a valid {@code datacenter.xml}. */
public record Inventory(String name, List<InventoryHost> hosts) {
    public Inventory {
        Objects.requireNonNull(name, "name");
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("inventory " + name + " has no hosts");
        }
        if (hosts.stream().map(InventoryHost::name).distinct().count() != hosts.size()) {
            throw new IllegalArgumentException("inventory " + name + " names a host twice");
        }
    }

    public Optional<InventoryHost> host(String hostName) {
        return hosts.stream().filter(h -> h.name().equals(hostName)).findFirst();
    }

    public Set<String> hostNames() {
        return hosts.stream().map(InventoryHost::name).collect(Collectors.toCollection(TreeSet::new));
    }

    public Set<String> faultDomains() {
        return hosts.stream().map(InventoryHost::faultDomain).collect(Collectors.toCollection(TreeSet::new));
    }

    public int size() {
        return hosts.size();
    }
}
