package dev.fabric.agent.configdrive;

import dev.fabric.agent.desired.InstanceId;

import java.util.Locale;

/** A DNS label (RFC 1123) for an instance: role name lower-cased, other characters as '-', then the index ({@code webrole-0}). */
final class Hostnames {
    private Hostnames() {
    }

    static String of(InstanceId id) {
        String suffix = "-" + id.index();
        String role = id.role().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (role.isEmpty()) {
            role = "instance";
        }
        if (role.length() + suffix.length() > 63) {
            role = role.substring(0, 63 - suffix.length()).replaceAll("-+$", "");
        }
        return role + suffix;
    }
}
