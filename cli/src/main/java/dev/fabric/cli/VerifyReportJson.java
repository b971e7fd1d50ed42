package dev.fabric.cli;

import dev.fabric.agent.verify.InstanceCheck;
import dev.fabric.agent.verify.PublicPortCheck;
import dev.fabric.agent.verify.VantagePoint;
import dev.fabric.agent.verify.VerifyReport;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.verify.PortSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report of {@code fabric verify --json}: the same facts as the table, ports as number lists. */
final class VerifyReportJson {
    private VerifyReportJson() {
    }

    static Map<String, Object> of(VerifyReport r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("ok", r.ok());
        root.put("ports", r.scanned().toString());
        List<Object> vantages = new ArrayList<>();
        for (VantagePoint v : r.vantages()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", v.name());
            m.put("description", v.description());
            m.put("source", v.source().toString());
            vantages.add(m);
        }
        root.put("vantages", vantages);
        List<Object> instances = new ArrayList<>();
        for (InstanceCheck i : r.instances()) {
            instances.add(instance(i, i.ok(), i.verdict()));
        }
        root.put("instances", instances);
        root.put("external", r.external().map(Ipv4Address::toString).orElse(null));
        List<Object> publics = new ArrayList<>();
        for (PublicPortCheck p : r.publicPorts()) {
            publics.add(publicPort(p));
        }
        root.put("publicPorts", publics);
        root.put("notChecked", r.notChecked());
        root.put("differences", r.differences());
        return root;
    }

    /** One instance's facts; {@code ok} and {@code verdict} as the caller judges them. */
    static Map<String, Object> instance(InstanceCheck i, boolean ok, String verdict) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.target().id().text());
        m.put("deployment", i.target().id().deployment());
        m.put("role", i.target().id().role());
        m.put("index", i.target().id().index());
        m.put("address", i.target().address().map(Ipv4Address::toString).orElse(null));
        m.put("state", i.target().state());
        m.put("declared", list(i.declared()));
        Map<String, Object> expected = new LinkedHashMap<>();
        Map<String, Object> reachable = new LinkedHashMap<>();
        i.checks().forEach((name, c) -> {
            expected.put(name, list(c.expected()));
            reachable.put(name, list(c.reachable()));
        });
        m.put("expected", expected);
        m.put("reachable", reachable);
        m.put("ok", ok);
        m.put("verdict", verdict);
        return m;
    }

    static Map<String, Object> publicPort(PublicPortCheck p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("owner", p.owner());
        m.put("endpoint", p.port().endpoint());
        m.put("port", p.port().port());
        m.put("localPort", p.port().localPort());
        m.put("expectedOpen", p.expectedOpen());
        m.put("open", p.open());
        m.put("ok", p.ok());
        return m;
    }

    private static List<Integer> list(PortSet ports) {
        return ports.stream().boxed().toList();
    }
}
