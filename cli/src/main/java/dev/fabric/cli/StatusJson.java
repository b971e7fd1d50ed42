package dev.fabric.cli;

import dev.fabric.agent.run.EndpointStatus;
import dev.fabric.agent.run.HostStatus;
import dev.fabric.servicedef.model.AclRule;
import dev.fabric.servicedef.model.PortRange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON tree of {@code fabric agent status --json} (documented in docs/USER-GUIDE.md; scripts and the
 * lab parse it): {@code {deployments: [{name, stored, instances: [{id, role, index, domain, state,
 * address, mac, tap, endpoints: [...], health, restarts, lastFailure}]}]}}. Fields are only ever added.
 */
final class StatusJson {
    private StatusJson() {
    }

    static Map<String, Object> of(HostStatus status) {
        List<Object> deployments = new ArrayList<>();
        for (HostStatus.Deployment d : status.deployments()) {
            List<Object> instances = new ArrayList<>();
            for (HostStatus.Instance i : d.instances()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", i.id());
                m.put("role", i.role());
                m.put("index", i.index());
                m.put("domain", i.domain());
                m.put("state", i.state());
                m.put("address", i.address());
                m.put("mac", i.mac());
                m.put("tap", i.tap());
                m.put("endpoints", i.endpoints().stream().map(StatusJson::endpoint).toList());
                m.put("health", i.health());
                m.put("restarts", i.restarts());
                m.put("lastFailure", i.lastFailure().orElse(null));
                instances.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", d.name());
            m.put("stored", d.stored());
            m.put("instances", instances);
            deployments.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("deployments", deployments);
        return root;
    }

    /** Only the fields that apply to the endpoint's kind are present. */
    static Map<String, Object> endpoint(EndpointStatus e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", e.name());
        m.put("kind", e.kind());
        m.put("protocol", e.protocol());
        if (e.localPorts().isSingle()) {
            m.put("localPort", e.localPorts().min());
        }
        m.put("localPorts", range(e.localPorts()));
        e.publicPort().ifPresent(p -> m.put("publicPort", p));
        e.publicPorts().ifPresent(r -> m.put("publicPorts", range(r)));
        if (!e.kind().equals("internal")) {
            m.put("acl", e.acl().stream().map(StatusJson::rule).toList());
        }
        e.allowedFromRoles().ifPresent(roles -> m.put("allowedFromRoles", List.copyOf(roles)));
        m.put("text", e.text());
        return m;
    }

    private static Map<String, Object> range(PortRange r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min", r.min());
        m.put("max", r.max());
        return m;
    }

    private static Map<String, Object> rule(AclRule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("order", r.order());
        m.put("action", r.action().name().toLowerCase(Locale.ROOT));
        m.put("remoteSubnet", r.remoteSubnet());
        return m;
    }
}
