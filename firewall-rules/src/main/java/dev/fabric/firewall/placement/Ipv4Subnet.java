package dev.fabric.firewall.placement;

/** An IPv4 network in CIDR form; the network address has no host bits set. */
public record Ipv4Subnet(Ipv4Address network, int prefixLength) {
    public Ipv4Subnet {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of 0..32");
        }
        if ((network.bits() & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException(network + "/" + prefixLength + " has host bits set (did you mean "
                    + new Ipv4Address(network.bits() & mask(prefixLength)) + "/" + prefixLength + "?)");
        }
    }

    /** Parses {@code a.b.c.d/len}. */
    public static Ipv4Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR subnet: '" + cidr + "' (expected a.b.c.d/len, e.g. 10.213.0.0/24)");
        }
        int len;
        try {
            len = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR subnet: '" + cidr + "' (prefix length is not a number)");
        }
        return new Ipv4Subnet(Ipv4Address.parse(cidr.substring(0, slash)), len);
    }

    private static int mask(int len) {
        return len == 0 ? 0 : -1 << (32 - len);
    }

    public boolean contains(Ipv4Address a) {
        return (a.bits() & mask(prefixLength)) == network.bits();
    }

    /** Number of addresses in the subnet (2^(32-len)), capped at Integer.MAX_VALUE. */
    public long size() {
        return 1L << (32 - prefixLength);
    }

    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
