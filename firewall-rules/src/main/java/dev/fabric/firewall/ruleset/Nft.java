package dev.fabric.firewall.ruleset;

import java.util.regex.Pattern;

/** Small nft syntax helpers shared by the model and the renderers. */
final class Nft {
    /** Comments are kernel user data (max 128 bytes kept here); quotes would end the string. */
    static final int MAX_COMMENT = 120;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,199}");

    private Nft() {
    }

    static String comment(String c) {
        if (c == null || c.isBlank()) {
            return null;
        }
        String clean = c.replace('"', '\'').replace('\n', ' ').replace('\\', '/');
        return clean.length() <= MAX_COMMENT ? clean : clean.substring(0, MAX_COMMENT - 3) + "...";
    }

    static void checkIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a safe nft identifier");
        }
    }

    static String quoted(String comment) {
        return "\"" + comment + "\"";
    }
}
