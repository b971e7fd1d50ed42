package dev.fabric.servicedef.resolve;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** IPv4 CIDR notation as ACL rules use it: {@code a.b.c.d/n} with no host bits set. */
final class Cidr {
    private static final Pattern FORM = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    private Cidr() {
    }

    /** Empty when valid, otherwise what is wrong with it. */
    static Optional<String> problem(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return Optional.of("is not an IPv4 subnet in CIDR form such as 10.0.0.0/8");
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                return Optional.of("has the octet " + octet + ", above 255");
            }
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix > 32) {
            return Optional.of("has the prefix length /" + prefix + ", above /32");
        }
        long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        if ((address & ~mask & 0xffffffffL) != 0) {
            long network = address & mask;
            return Optional.of("has host bits set; the subnet is " + ((network >> 24) & 255) + "." + ((network >> 16) & 255)
                    + "." + ((network >> 8) & 255) + "." + (network & 255) + "/" + prefix);
        }
        return Optional.empty();
    }
}
