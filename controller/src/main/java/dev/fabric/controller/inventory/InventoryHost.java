package dev.fabric.controller.inventory;

import java.util.Objects;

/**
 * One host of the inventory as written in {@code datacenter.xml}.
 *
 * @param name           the host's name, also its certificate's CN
 * @param address        where the controller and peers reach its agent (IPv4)
 * @param faultDomain    the rack (or power/switch domain) it shares failures with
 * @param instanceSubnet the subnet its instances get addresses from; disjoint from every other host's
 */
public record InventoryHost(String name, String address, String faultDomain, Ipv4Subnet instanceSubnet) {
    public InventoryHost {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(faultDomain, "faultDomain");
        Objects.requireNonNull(instanceSubnet, "instanceSubnet");
    }
}
