package dev.fabric.agent.verify;

import dev.fabric.firewall.verify.PortSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One instance, verified: its declared TCP ports and, per vantage point (in scan order), what that
 * vantage point should and did reach. An instance without a domain has no checks and differs.
 */
public record InstanceCheck(VerifyTarget target, PortSet declared, Map<String, PortCheck> checks) {
    public InstanceCheck {
        checks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    }

    public boolean ok() {
        return target.address().isPresent() && checks.values().stream().allMatch(PortCheck::ok);
    }

    /** {@code ok}, or {@code DIFFERS: outside extra 22; bridge missing 8080}. */
    public String verdict() {
        if (target.address().isEmpty()) {
            return "DIFFERS: " + VerifyTarget.NO_DOMAIN;
        }
        List<String> parts = new ArrayList<>();
        checks.forEach((vantage, check) -> {
            if (!check.ok()) {
                parts.add(vantage + " " + check.difference());
            }
        });
        return parts.isEmpty() ? "ok" : "DIFFERS: " + String.join("; ", parts);
    }
}
