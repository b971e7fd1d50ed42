package dev.fabric.cli;

import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.run.DeploymentStore;
import dev.fabric.agent.verify.InstanceCheck;
import dev.fabric.agent.verify.IsolationVerifier;
import dev.fabric.agent.verify.PortCheck;
import dev.fabric.agent.verify.PortScanner;
import dev.fabric.agent.verify.VantagePoint;
import dev.fabric.agent.verify.VerifyException;
import dev.fabric.agent.verify.VerifyReport;
import dev.fabric.agent.verify.VerifyTarget;
import dev.fabric.controller.api.InstanceView;
import dev.fabric.controller.api.VerifyView;
import dev.fabric.controller.api.VerifyView.HostVerifyView;
import dev.fabric.controller.api.VerifyView.InstanceVerifyView;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.verify.PortSet;
import dev.fabric.servicedef.model.Service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Joins the controller's answer (every host's bridge scan, the instances' hosts and addresses, the definition)
 * with this command's own scans from the outside vantage point into one {@link FabricVerifyReport} (0690).
 * Expectations from the outside come from the same rules as the stand-alone command's ({@code DeclaredPorts}:
 * Input and InstanceInput local ports whose ACLs admit the outside's source address).
 */
final class ControllerVerify {
    /**
     * Where the outside scans come from.
     *
     * @param description for people, e.g. {@code namespace fabric-ext}
     * @param sourceToward the address instances see connections from, per target (the kernel's route lookup)
     */
    record Outside(String description, PortScanner scanner, Function<Ipv4Address, Ipv4Address> sourceToward) {
    }

    private final PortSet ports;
    private final Consumer<String> progress;

    ControllerVerify(PortSet ports, Consumer<String> progress) {
        this.ports = ports;
        this.progress = progress;
    }

    FabricVerifyReport assemble(String controller, VerifyView view, Outside outside) {
        Service service = service(view);
        Map<String, List<InstanceView>> byHost = new LinkedHashMap<>();
        List<InstanceView> unplaced = new ArrayList<>();
        for (InstanceView i : view.instances()) {
            if (i.host() == null || i.address() == null) {
                unplaced.add(i);
            } else {
                byHost.computeIfAbsent(i.host(), h -> new ArrayList<>()).add(i);
            }
        }
        VantagePoint header = null;
        List<FabricVerifyReport.HostSection> sections = new ArrayList<>();
        List<String> notChecked = new ArrayList<>();
        for (HostVerifyView host : view.hosts()) {
            List<InstanceView> here = byHost.getOrDefault(host.host(), List.of());
            Map<String, InstanceVerifyView> checked = new LinkedHashMap<>();
            host.instances().forEach(i -> checked.put(i.instanceId(), i));
            List<VerifyTarget> targets = new ArrayList<>();
            for (InstanceView i : here) {
                InstanceVerifyView c = checked.get(i.instanceId());
                String state = c != null && !c.state().equals(InstanceVerifyView.NOT_REPORTED) ? c.state() : i.state();
                targets.add(new VerifyTarget(new InstanceId(i.deployment(), i.role(), i.index()), role(service, i),
                        Optional.of(Ipv4Address.parse(i.address())), state));
            }
            if (targets.isEmpty()) {
                sections.add(new FabricVerifyReport.HostSection(host, new IsolationVerifier(ports, progress)
                        .verify(List.of(), List.of(), Optional.empty()), List.of()));
                continue;
            }
            Ipv4Address first = targets.get(0).address().orElseThrow();
            VantagePoint out = new VantagePoint("outside", outside.description(), outside.sourceToward().apply(first), outside.scanner());
            header = header == null ? out : header;
            Optional<IsolationVerifier.PublicSide> publicSide = host.externalAddress().isEmpty() ? Optional.empty()
                    : Optional.of(new IsolationVerifier.PublicSide(out, Ipv4Address.parse(host.externalAddress())));
            VerifyReport outsideOnly = new IsolationVerifier(ports, progress).verify(targets, List.of(out), publicSide);
            outsideOnly.notChecked().stream().filter(n -> !notChecked.contains(n)).forEach(notChecked::add);
            sections.add(withBridge(host, outsideOnly, checked));
        }
        if (header == null) {
            header = new VantagePoint("outside", outside.description(), Ipv4Address.parse("0.0.0.0"), outside.scanner());
        }
        return new FabricVerifyReport(view.deployment(), controller, ports, header, sections, unplaced, notChecked);
    }

    /** Adds the agent's bridge findings to each instance it checked; the others are listed as not checked. */
    private static FabricVerifyReport.HostSection withBridge(HostVerifyView host, VerifyReport outside,
                                                            Map<String, InstanceVerifyView> checked) {
        List<InstanceCheck> merged = new ArrayList<>();
        List<String> notChecked = new ArrayList<>();
        boolean verified = HostVerifyView.VERIFIED.equals(host.outcome());
        for (InstanceCheck i : outside.instances()) {
            InstanceVerifyView c = checked.get(i.target().id().text());
            Map<String, PortCheck> checks = new LinkedHashMap<>(i.checks());
            if (verified && c != null && !c.state().equals(InstanceVerifyView.NOT_REPORTED) && !c.address().isEmpty()) {
                checks.put("bridge", new PortCheck(ports(c.expected()), ports(c.open())));
            } else if (verified) {
                notChecked.add(i.target().id().text());
            }
            merged.add(new InstanceCheck(i.target(), i.declared(), checks));
        }
        List<VantagePoint> vantages = new ArrayList<>(outside.vantages());
        if (!host.probeAddress().isEmpty()) {
            vantages.add(new VantagePoint("bridge", "probe " + host.probeAddress() + " on " + host.bridge() + " of " + host.host(),
                    Ipv4Address.parse(host.probeAddress()), reported(checked.values())));
        }
        return new FabricVerifyReport.HostSection(host, new VerifyReport(vantages, outside.scanned(), merged, outside.external(),
                outside.publicPorts(), outside.notChecked()), notChecked);
    }

    /** What the host's agent found, by address: the bridge vantage point's scans, already made there. */
    private static PortScanner reported(java.util.Collection<InstanceVerifyView> checked) {
        Map<String, PortSet> open = new LinkedHashMap<>();
        checked.stream().filter(c -> !c.address().isEmpty()).forEach(c -> open.put(c.address(), ports(c.open())));
        return (target, p) -> {
            PortSet o = open.getOrDefault(target.toString(), PortSet.empty());
            return o.minus(o.minus(p));
        };
    }

    /** The API writes port lists as {@code 22,80,8000-8100}, "" for none. */
    static PortSet ports(String text) {
        return text.isEmpty() ? PortSet.empty() : PortSet.parse(text);
    }

    private static dev.fabric.servicedef.model.Role role(Service service, InstanceView i) {
        return service.role(i.role()).orElseThrow(() -> new VerifyException("the controller lists instance " + i.instanceId()
                + " but its definition has no role " + i.role()));
    }

    /** The definition as the controller stores it, validated as the agents validate it (a throwaway store). */
    static Service service(VerifyView view) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("fabric-verify-");
            DeploymentStore store = new DeploymentStore(dir);
            store.put(view.deployment(), view.csdef().getBytes(StandardCharsets.UTF_8), view.cscfg().getBytes(StandardCharsets.UTF_8));
            Service s = store.get(view.deployment()).orElseThrow().service();
            store.remove(view.deployment());
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the controller's definition of " + view.deployment() + ": " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a temporary directory left behind is clutter, not a wrong result
                }
            }
        }
    }
}
