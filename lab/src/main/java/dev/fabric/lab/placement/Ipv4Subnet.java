package dev.fabric.lab.placement;

/** An IPv4 network such as 10.213.0.0/24; {@link #address(int)} counts from the network address. */
public record Ipv4Subnet(int network, int prefixLength) {

    public Ipv4Subnet {
        if (prefixLength < 8 || prefixLength > 30) {
            throw new IllegalArgumentException("prefix length /" + prefixLength + " is outside /8../30");
        }
        int mask = -1 << (32 - prefixLength);
        if ((network & ~mask) != 0) {
            throw new IllegalArgumentException(format(network) + "/" + prefixLength + " has host bits set");
        }
    }

    public static Ipv4Subnet parse(String cidr) {
        String[] parts = cidr.split("/", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + cidr + "' is not a CIDR such as 10.213.0.0/24");
        }
        return new Ipv4Subnet(parseAddress(parts[0]), Integer.parseInt(parts[1]));
    }

    public int size() {
        return 1 << (32 - prefixLength);
    }

    /** network + offset as a dotted quad; offset 0 is the network, size-1 the broadcast address. */
    public String address(int offset) {
        if (offset < 0 || offset >= size()) {
            throw new IllegalArgumentException("offset " + offset + " is outside " + this);
        }
        return format(network + offset);
    }

    /** The host's bridge/gateway address: network + 1. */
    public String gateway() {
        return address(1);
    }

    static int parseAddress(String dotted) {
        String[] octets = dotted.split("\\.");
        if (octets.length != 4) {
            throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address");
        }
        int value = 0;
        for (String octet : octets) {
            int b = Integer.parseInt(octet);
            if (b < 0 || b > 255) {
                throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address");
            }
            value = (value << 8) | b;
        }
        return value;
    }

    static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefixLength;
    }
}
