package dev.fabric.lab.placement;

import dev.fabric.servicedef.model.Role;

/**
 * One role instance where the sample placement puts it.
 *
 * @param index       k: the instance's number over all roles (definition order, then instance order)
 * @param role        the instance's role
 * @param indexInRole the instance's number inside its role
 */
public record PlacedInstance(int index, Role role, int indexInRole, String address, int prefixLength,
                             String gateway, String mac, String tap) {

    /** Azure's instance id form, e.g. {@code WebRole1_IN_0}. */
    public String instanceId() {
        return role.name() + "_IN_" + indexInRole;
    }
}
