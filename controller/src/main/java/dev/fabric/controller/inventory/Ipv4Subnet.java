package dev.fabric.controller.inventory;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A host's instance subnet, {@code a.b.c.d/n} with no host bits set. Network+1 is the host's bridge;
 * instances take network+{@value #FIRST_INSTANCE_OFFSET} upward, up to the address before broadcast.
 */
public record Ipv4Subnet(long network, int prefixLength) {
    public static final int FIRST_INSTANCE_OFFSET = 10;
    /** A /28 holds 16 addresses: bridge, reserved +2..+9, five instances, broadcast. Smaller leaves no room. */
    public static final int LARGEST_PREFIX = 28;

    public Ipv4Subnet {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length /" + prefixLength + " is outside 0..32");
        }
        if ((network & ~mask(prefixLength) & 0xffffffffL) != 0 || network < 0 || network > 0xffffffffL) {
            throw new IllegalArgumentException(Ipv4.format(network) + "/" + prefixLength + " has host bits set");
        }
    }

    /** Empty when {@code text} is a usable instance subnet, otherwise what is wrong with it (for a message). */
    public static Optional<String> problem(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || !text.substring(slash + 1).matches("\\d{1,2}")) {
            return Optional.of("is not an IPv4 subnet in CIDR form such as 10.213.1.0/24");
        }
        OptionalLong address = Ipv4.parse(text.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.of("does not start with an IPv4 address (four numbers 0..255 without leading zeros)");
        }
        int prefix = Integer.parseInt(text.substring(slash + 1));
        if (prefix > 32) {
            return Optional.of("has the prefix length /" + prefix + ", above /32");
        }
        if (prefix > LARGEST_PREFIX) {
            return Optional.of("is a /" + prefix + ", too small for instances: use a /" + LARGEST_PREFIX + " or larger");
        }
        long network = address.getAsLong() & mask(prefix);
        if (network != address.getAsLong()) {
            return Optional.of("has host bits set; the subnet is " + Ipv4.format(network) + "/" + prefix);
        }
        return Optional.empty();
    }

    /** @throws IllegalArgumentException when {@link #problem} finds something */
    public static Ipv4Subnet parse(String text) {
        problem(text).ifPresent(p -> {
            throw new IllegalArgumentException("instance subnet '" + text + "' " + p);
        });
        int slash = text.indexOf('/');
        return new Ipv4Subnet(Ipv4.parse(text.substring(0, slash)).getAsLong(), Integer.parseInt(text.substring(slash + 1)));
    }

    public long size() {
        return 1L << (32 - prefixLength);
    }

    public long broadcast() {
        return network + size() - 1;
    }

    public boolean overlaps(Ipv4Subnet other) {
        return network <= other.broadcast() && other.network <= broadcast();
    }

    public boolean contains(long address) {
        return address >= network && address <= broadcast();
    }

    /** The host bridge's address, network+1. */
    public String bridgeAddress() {
        return Ipv4.format(network + 1);
    }

    /** How many instance addresses the subnet holds: network+10 up to broadcast-1. */
    public int instanceCapacity() {
        return (int) Math.min(Integer.MAX_VALUE, size() - FIRST_INSTANCE_OFFSET - 1);
    }

    /** The {@code n}-th instance address (n = 0 is network+10). */
    public String instanceAddress(int n) {
        if (n < 0 || n >= instanceCapacity()) {
            throw new IllegalArgumentException("instance address #" + n + " is outside " + this);
        }
        return Ipv4.format(network + FIRST_INSTANCE_OFFSET + n);
    }

    @Override
    public String toString() {
        return Ipv4.format(network) + "/" + prefixLength;
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    }
}
