package dev.fabric.controller.push;

/**
 * A host as the desired state of the others sees it: its inventory name, its address on the fabric
 * network (next hop and peer-check target) and its instance subnet.
 */
public record FabricHost(String name, String address, String instanceSubnet) {
}
