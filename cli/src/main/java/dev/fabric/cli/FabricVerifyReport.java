package dev.fabric.cli;

import dev.fabric.agent.verify.InstanceCheck;
import dev.fabric.agent.verify.VantagePoint;
import dev.fabric.agent.verify.VerifyReport;
import dev.fabric.controller.api.InstanceView;
import dev.fabric.controller.api.VerifyView.HostVerifyView;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.verify.PortSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code fabric verify DEPLOYMENT --controller ...} found (0690): per host, the instances seen from the
 * outside (this command's own scans) and from the host's bridge probe (its agent's scan, through the
 * controller), and the public ports on the host's external address.
 *
 * @param outside  the outside vantage point, for the report's header
 * @param hosts    one section per host holding an instance, by name
 * @param unplaced instances the controller has not placed on any host
 */
record FabricVerifyReport(String deployment, String controller, PortSet scanned, VantagePoint outside, List<HostSection> hosts,
                          List<InstanceView> unplaced, List<String> notChecked) {
    FabricVerifyReport {
        hosts = List.copyOf(hosts);
        unplaced = List.copyOf(unplaced);
        notChecked = List.copyOf(notChecked);
    }

    /**
     * One host: its agent's answer and the merged checks ({@code outside} and, where the agent checked the
     * instance, {@code bridge}).
     *
     * @param bridgeNotChecked instance ids the host's agent did not check from the bridge
     */
    record HostSection(HostVerifyView bridge, VerifyReport report, List<String> bridgeNotChecked) {
        HostSection {
            bridgeNotChecked = List.copyOf(bridgeNotChecked);
        }

        String host() {
            return bridge.host();
        }

        boolean verified() {
            return HostVerifyView.VERIFIED.equals(bridge.outcome());
        }

        Optional<String> gap(InstanceCheck i) {
            if (!verified()) {
                return Optional.of("bridge not checked: " + bridge.outcome() + ": " + bridge.detail());
            }
            return bridgeNotChecked.contains(i.target().id().text()) ? Optional.of("bridge not checked: the agent did not report it")
                    : Optional.empty();
        }

        boolean ok(InstanceCheck i) {
            return i.ok() && gap(i).isEmpty();
        }

        String verdict(InstanceCheck i) {
            Optional<String> gap = gap(i);
            if (gap.isEmpty()) {
                return i.verdict();
            }
            return i.ok() ? "DIFFERS: " + gap.get() : i.verdict() + "; " + gap.get();
        }
    }

    int instanceCount() {
        return hosts.stream().mapToInt(h -> h.report().instances().size()).sum() + unplaced.size();
    }

    boolean ok() {
        return differences().isEmpty();
    }

    /** One line per difference, e.g. {@code webfarm.WorkerRole.0 on host-3 10.213.3.10: bridge extra 22}. */
    List<String> differences() {
        List<String> out = new ArrayList<>();
        for (InstanceView i : unplaced) {
            out.add(i.instanceId() + ": not placed on any host" + (i.detail().isEmpty() ? "" : " (" + i.detail() + ")"));
        }
        for (HostSection h : hosts) {
            if (!h.verified()) {
                out.add("host " + h.host() + ": bridge not checked: " + h.bridge().outcome() + ": " + h.bridge().detail());
            }
            for (InstanceCheck i : h.report().instances()) {
                if (!h.ok(i)) {
                    String verdict = h.verdict(i);
                    out.add(i.target().id().text() + " on " + h.host() + " " + i.target().address().map(Ipv4Address::toString).orElse("-")
                            + ": " + verdict.substring("DIFFERS: ".length()));
                }
            }
            h.report().publicPorts().stream().filter(p -> !p.ok()).forEach(p -> out.add("public port " + p.port().port() + "/tcp on "
                    + h.host() + " " + h.report().external().map(Ipv4Address::toString).orElse("?") + " (" + p.owner() + " "
                    + p.port().endpoint() + "): " + p.verdict().substring("DIFFERS: ".length())));
        }
        return out;
    }
}
