package dev.fabric.firewall.ruleset;

/** The nftables address families Fabric uses. */
public enum Family {
    INET, BRIDGE;

    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
