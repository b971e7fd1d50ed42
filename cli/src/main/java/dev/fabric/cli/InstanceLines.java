package dev.fabric.cli;

import dev.fabric.controller.api.DeploymentView;
import dev.fabric.controller.api.InstanceView;

import java.io.PrintWriter;
import java.util.List;

/** How instances are shown by deploy, scale, delete and status: one row each. */
final class InstanceLines {
    private InstanceLines() {
    }

    static void table(List<InstanceView> instances, PrintWriter out) {
        TextTable t = new TextTable("DEPLOYMENT", "INSTANCE", "HOST", "ADDRESS", "STATE", "HEALTH", "DETAIL");
        instances.forEach(i -> t.row(i.deployment(), i.instanceId(), i.host(), i.address(), i.state(), i.health(), i.detail()));
        t.print(out);
    }

    /** One line of progress: {@code webfarm.WebRole.0  host-1 10.213.0.10  running, serving}. */
    static String progress(InstanceView i) {
        return "  " + i.instanceId() + "  " + (i.host() == null ? "(not placed)" : i.host() + " " + i.address()) + "  "
                + i.state() + ", " + i.health() + (i.detail().isEmpty() ? "" : " (" + i.detail() + ")");
    }

    static String summary(DeploymentView d) {
        StringBuilder s = new StringBuilder();
        d.roles().forEach(r -> s.append(s.length() == 0 ? "" : ", ").append(r.name()).append(" x").append(r.instances()));
        return d.name() + " (version " + d.version() + "): " + (s.length() == 0 ? "no roles" : s);
    }
}
