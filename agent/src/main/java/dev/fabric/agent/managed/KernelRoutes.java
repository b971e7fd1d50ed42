package dev.fabric.agent.managed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fabric.agent.iproute.IpCommand;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.Ipv4Subnet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The routes to other hosts' instance subnets, in this network namespace's main table. Fabric's routes
 * carry their own routing protocol number, so listing and deleting them can never touch a route the
 * administrator or another program made (decision 0661).
 */
public final class KernelRoutes {
    /** The {@code proto} of Fabric's routes (a number of no other routing daemon; 213 as in 10.213/16). */
    public static final String PROTOCOL = "213";
    private static final ObjectMapper JSON = new ObjectMapper();

    public List<HostRoute> list() {
        String out = IpCommand.run("-j", "-4", "route", "show", "proto", PROTOCOL);
        List<HostRoute> routes = new ArrayList<>();
        try {
            for (JsonNode r : JSON.readTree(out.isBlank() ? "[]" : out)) {
                String dst = r.path("dst").asText();
                String via = r.path("gateway").asText("");
                if (via.isEmpty() || !dst.contains("/")) {
                    continue; // not a route Fabric makes (its routes are always subnet via gateway); left alone
                }
                routes.add(new HostRoute(Ipv4Subnet.parse(dst), Ipv4Address.parse(via)));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ControllerStateException("cannot read the routes of protocol " + PROTOCOL + ": " + e.getMessage()
                    + " in: " + out.strip(), e);
        }
        return routes;
    }

    /** Carries out a plan; the first failing command stops it (the next pass plans again). */
    public void apply(RoutePlan plan) {
        for (Ipv4Subnet s : plan.delete()) {
            IpCommand.run("-4", "route", "del", s.toString(), "proto", PROTOCOL);
        }
        for (HostRoute r : plan.replace()) {
            IpCommand.run("-4", "route", "replace", r.subnet().toString(), "via", r.via().toString(), "proto", PROTOCOL);
        }
    }

    /** Makes the kernel's Fabric routes exactly {@code desired}; returns what was changed. */
    public RoutePlan reconcile(List<HostRoute> desired) {
        RoutePlan plan = RoutePlan.of(desired, list());
        apply(plan);
        return plan;
    }
}
