package dev.fabric.firewall.compile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Readable, unique nft identifiers for things named by users (deployments, roles and endpoints may
 * contain dots and spaces). {@code acl_shop_WebRole_Endpoint1}; when sanitising makes two different
 * sources collide, or the name would be too long, a short hash of the source is appended.
 */
final class Names {
    private static final int MAX = 120;
    private final Map<String, List<String>> taken = new HashMap<>();

    String identifier(String prefix, String... parts) {
        List<String> source = List.of(parts);
        StringBuilder sb = new StringBuilder(prefix);
        for (String p : parts) {
            sb.append('_').append(p.replaceAll("[^A-Za-z0-9_]", "_"));
        }
        String name = sb.toString();
        if (name.length() > MAX) {
            name = name.substring(0, MAX - 9) + "_" + hash(prefix, source);
        }
        List<String> owner = taken.putIfAbsent(name, source);
        if (owner != null && !owner.equals(source)) {
            name = name + "_" + hash(prefix, source);
            taken.putIfAbsent(name, source);
        }
        return name;
    }

    static String hash(String prefix, List<String> parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(prefix.getBytes(StandardCharsets.UTF_8));
            for (String p : parts) {
                md.update((byte) 0);
                md.update(p.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest(), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
