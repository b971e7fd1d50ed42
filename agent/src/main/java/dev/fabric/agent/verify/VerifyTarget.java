package dev.fabric.agent.verify;

import dev.fabric.agent.desired.InstanceId;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.servicedef.model.Role;

import java.util.Optional;

/**
 * One instance to verify: its id, the role it declares its ports through, and where it is.
 *
 * @param address from the domain's metadata; empty when the deployment declares the instance but
 *                libvirt has no domain for it
 * @param state   the domain's state for people ({@code running}, {@code shut off}, {@code no domain})
 */
public record VerifyTarget(InstanceId id, Role role, Optional<Ipv4Address> address, String state) {
    public static final String NO_DOMAIN = "no domain";
}
