package dev.fabric.agent.spec;

import dev.fabric.agent.desired.InstanceId;

import java.nio.charset.StandardCharsets;

/**
 * The libvirt domain name of an instance: {@code fabric.} + the instance id, when the id is made of
 * letters, digits, '.', '-' and '_' (the usual case: {@code fabric.webfarm.WebRole.0}). Role names
 * with other characters (spaces occur in real files) are replaced by '_' and a digest of the full id
 * is appended, so two different ids never share a name and every name is safe in file names.
 */
public final class DomainNames {
    public static final String PREFIX = "fabric.";

    private DomainNames() {
    }

    public static String of(InstanceId id) {
        String text = id.text();
        if (text.matches("[A-Za-z0-9_.-]+") && text.length() <= 120) {
            return PREFIX + text;
        }
        String safe = text.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (safe.length() > 100) {
            safe = safe.substring(0, 100);
        }
        return PREFIX + safe + "-" + SettingsDigest.sha256(text.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
    }
}
