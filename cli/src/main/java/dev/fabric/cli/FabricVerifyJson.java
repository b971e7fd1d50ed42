package dev.fabric.cli;

import dev.fabric.agent.verify.InstanceCheck;
import dev.fabric.agent.verify.PublicPortCheck;
import dev.fabric.firewall.placement.Ipv4Address;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code fabric verify DEPLOYMENT --controller ... --json}: the stand-alone report's fields, plus a host per instance and per host the controller's outcome. */
final class FabricVerifyJson {
    private FabricVerifyJson() {
    }

    static Map<String, Object> of(FabricVerifyReport r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("ok", r.ok());
        root.put("deployment", r.deployment());
        root.put("controller", r.controller());
        root.put("ports", r.scanned().toString());
        Map<String, Object> outside = new LinkedHashMap<>();
        outside.put("name", "outside");
        outside.put("description", r.outside().description());
        outside.put("source", r.outside().source().toString());
        root.put("outside", outside);
        List<Object> hosts = new ArrayList<>();
        List<Object> instances = new ArrayList<>();
        List<Object> publics = new ArrayList<>();
        for (FabricVerifyReport.HostSection h : r.hosts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", h.host());
            m.put("outcome", h.bridge().outcome());
            m.put("detail", h.bridge().detail());
            m.put("bridge", h.bridge().bridge());
            m.put("probeAddress", h.bridge().probeAddress());
            m.put("externalAddress", h.bridge().externalAddress());
            m.put("bridgeNotChecked", h.bridgeNotChecked());
            hosts.add(m);
            for (InstanceCheck i : h.report().instances()) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("host", h.host());
                line.putAll(VerifyReportJson.instance(i, h.ok(i), h.verdict(i)));
                instances.add(line);
            }
            for (PublicPortCheck p : h.report().publicPorts()) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("host", h.host());
                line.put("external", h.report().external().map(Ipv4Address::toString).orElse(null));
                line.putAll(VerifyReportJson.publicPort(p));
                publics.add(line);
            }
        }
        root.put("hosts", hosts);
        root.put("instances", instances);
        root.put("unplaced", r.unplaced().stream().map(u -> u.instanceId()).toList());
        root.put("publicPorts", publics);
        root.put("notChecked", r.notChecked());
        root.put("differences", r.differences());
        return root;
    }
}
