package dev.fabric.controller.inventory;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** IPv4 dotted-quad text to and from its 32-bit value (held in a long, so it is never negative). */
public final class Ipv4 {
    private static final Pattern QUAD = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private Ipv4() {
    }

    /** The address's value, or empty when {@code text} is not a dotted quad with octets 0..255 (no leading zeros). */
    public static OptionalLong parse(String text) {
        Matcher m = QUAD.matcher(text);
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        long value = 0;
        for (int i = 1; i <= 4; i++) {
            String octet = m.group(i);
            // "010" is octal to some tools and decimal to others: refuse it rather than guess
            if (octet.length() > 1 && octet.charAt(0) == '0') {
                return OptionalLong.empty();
            }
            int v = Integer.parseInt(octet);
            if (v > 255) {
                return OptionalLong.empty();
            }
            value = (value << 8) | v;
        }
        return OptionalLong.of(value);
    }

    public static String format(long value) {
        return ((value >> 24) & 255) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + (value & 255);
    }
}
