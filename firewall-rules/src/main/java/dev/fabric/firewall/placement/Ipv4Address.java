package dev.fabric.firewall.placement;

/** An IPv4 address as its 32 bits; orders numerically, prints dotted. */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {

    /** Parses dotted-quad notation; throws IllegalArgumentException naming the bad text. */
    public static Ipv4Address parse(String text) {
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + text + "' (expected a.b.c.d)");
        }
        int bits = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "' (expected a.b.c.d)");
            }
            if (octet < 0 || octet > 255 || p.isEmpty() || p.length() > 3) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "' (octet '" + p + "' out of 0..255)");
            }
            bits = (bits << 8) | octet;
        }
        return new Ipv4Address(bits);
    }

    public int octet(int i) {
        return (bits >>> (24 - 8 * i)) & 0xff;
    }

    public Ipv4Address plus(int n) {
        return new Ipv4Address(bits + n);
    }

    @Override
    public int compareTo(Ipv4Address o) {
        return Integer.compareUnsigned(bits, o.bits);
    }

    @Override
    public String toString() {
        return octet(0) + "." + octet(1) + "." + octet(2) + "." + octet(3);
    }
}
