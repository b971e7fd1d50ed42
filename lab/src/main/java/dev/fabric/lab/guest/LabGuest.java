package dev.fabric.lab.guest;

import dev.fabric.agent.spec.InstanceSpec;
import dev.fabric.lab.placement.PlacedInstance;

import java.util.Map;

/** One lab guest as Fabric's agent describes it: the placed instance, its spec and its role's settings. */
public record LabGuest(PlacedInstance placed, InstanceSpec spec, Map<String, String> settings) {

    public String domainName() {
        return spec.domainName();
    }
}
