package dev.fabric.servicedef.model;

/**
 * One rule of a cscfg AccessControl: permit or deny a remote subnet. Rules are evaluated in
 * ascending {@code order}; the first match decides.
 *
 * @param remoteSubnet an IPv4 CIDR such as {@code 10.0.0.0/8}
 */
public record AclRule(int order, Action action, String remoteSubnet) {
    public enum Action { PERMIT, DENY }
}
