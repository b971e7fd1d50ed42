package dev.fabric.agent.verify;

import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.verify.PortSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything {@code fabric verify} found.
 *
 * @param vantages       the vantage points, in the order of the report's columns
 * @param scanned        the TCP ports scanned on every instance
 * @param instances      one check per declared instance
 * @param external       the host's external address, when public ports were probed
 * @param publicPorts    the declared public TCP ports probed there (from the outside vantage point)
 * @param notChecked     declared endpoints a TCP connect scan cannot check (UDP), for people
 */
public record VerifyReport(List<VantagePoint> vantages, PortSet scanned, List<InstanceCheck> instances,
                           Optional<Ipv4Address> external, List<PublicPortCheck> publicPorts, List<String> notChecked) {
    public VerifyReport {
        vantages = List.copyOf(vantages);
        instances = List.copyOf(instances);
        publicPorts = List.copyOf(publicPorts);
        notChecked = List.copyOf(notChecked);
    }

    public boolean ok() {
        return instances.stream().allMatch(InstanceCheck::ok) && publicPorts.stream().allMatch(PublicPortCheck::ok);
    }

    /** One line per difference, e.g. {@code webfarm.WebRole.0 10.213.0.10: outside extra 22}. */
    public List<String> differences() {
        List<String> out = new ArrayList<>();
        for (InstanceCheck i : instances) {
            if (!i.ok()) {
                out.add(i.target().id().text() + " " + i.target().address().map(Ipv4Address::toString).orElse("-") + ": "
                        + i.verdict().substring("DIFFERS: ".length()));
            }
        }
        for (PublicPortCheck p : publicPorts) {
            if (!p.ok()) {
                out.add("public port " + p.port().port() + "/tcp (" + p.owner() + " " + p.port().endpoint() + "): "
                        + p.verdict().substring("DIFFERS: ".length()));
            }
        }
        return out;
    }
}
