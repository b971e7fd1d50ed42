package dev.fabric.firewall.placement;

import java.util.regex.Pattern;

/** An Ethernet address in lower-case colon notation ({@code 52:54:00:d5:00:0a}). */
public record MacAddress(String text) {
    private static final Pattern FORM = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

    public MacAddress {
        text = text.toLowerCase(java.util.Locale.ROOT);
        if (!FORM.matcher(text).matches()) {
            throw new IllegalArgumentException("not a MAC address: '" + text + "' (expected xx:xx:xx:xx:xx:xx)");
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
