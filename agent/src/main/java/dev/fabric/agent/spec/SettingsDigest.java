package dev.fabric.agent.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** SHA-256 over a settings map in a canonical, unambiguous form (sorted, each name and value length-prefixed). */
public final class SettingsDigest {
    private SettingsDigest() {
    }

    public static String of(Map<String, String> settings) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(settings).forEach((k, v) -> canonical.append(k.length()).append(':').append(k)
                .append(v.length()).append(':').append(v).append('\n'));
        return sha256(canonical.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
