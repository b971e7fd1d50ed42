package dev.fabric.cli;

import dev.fabric.agent.json.Json;
import dev.fabric.agent.libvirt.LibvirtOperationException;
import dev.fabric.agent.run.AgentSettings;
import dev.fabric.agent.run.DeploymentRejectedException;
import dev.fabric.agent.run.SettingsException;
import dev.fabric.agent.verify.LocalScanner;
import dev.fabric.agent.verify.NamespaceScanner;
import dev.fabric.agent.verify.VerifyException;
import dev.fabric.agent.verify.VerifyReport;
import dev.fabric.agent.verify.VerifySession;
import dev.fabric.controller.api.VerifyView;
import dev.fabric.firewall.verify.PortSet;
import dev.fabric.firewall.verify.ScanException;
import dev.fabric.firewall.verify.ScanOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** {@code fabric verify}: proves from outside and from the instance bridge that instances answer on declared ports only. */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        description = {
                "Scans every instance of the stand-alone agent's deployments and compares the TCP ports that answer with " +
                "the ports the definition declares: the local ports of Input and InstanceInput endpoints (as their ACLs " +
                "allow the scanning address). Internal endpoints and anything undeclared must not answer.",
                "Vantage points: --from NAMESPACE (the outside; also probes each declared public port on the host's " +
                "external address) and, unless --no-bridge-probe, a throwaway namespace attached to the instance bridge " +
                "with a subnet address that belongs to no deployment (deleted afterwards).",
                "Run as root in the namespace of the instance bridge, e.g. ip netns exec fabric-lab fabric verify " +
                "--from fabric-outside. Reads deployments and libvirt; changes neither. UDP endpoints are listed as not checked.",
                "Through the controller (when --controller, --pki or --operator is given): fabric verify DEPLOYMENT " +
                "--controller HOST:PORT [--from NAMESPACE] verifies every instance of the deployment on every host: this " +
                "command scans from the outside (--from, or where it runs), and the controller has each host's agent scan its " +
                "instances from a probe on that host's instance bridge. Hosts that are not connected or do not answer are " +
                "differences.",
                "Exit codes: 0 every vantage point sees exactly the declared ports, 1 some differ (listed), 2 bad input " +
                "(unknown deployment, namespace or bridge missing, not root, libvirt or the controller unreachable)."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DEPLOYMENT", arity = "0..*", description = "Deployments to verify (default: all stored; through the controller exactly one).")
    List<String> deployments = List.of();

    @Option(names = "--from", paramLabel = "NAMESPACE",
            description = "Also scan from this network namespace (the outside), and probe public ports from it.")
    String from;

    @Option(names = "--no-bridge-probe", description = "Do not scan from a probe on the instance bridge.")
    boolean noBridgeProbe;

    @Mixin
    ScanRangeOptions range;

    @Option(names = "--settings", paramLabel = "FILE",
            description = "Agent settings file (default: /etc/fabric/agent.conf, lab defaults when it is absent).")
    Path settingsFile;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Mixin
    ControllerOptions controller;

    private static final List<String> CONTROLLER_OPTIONS = List.of("--controller", "--pki", "--operator");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (CONTROLLER_OPTIONS.stream().anyMatch(o -> spec.commandLine().getParseResult().hasMatchedOption(o))) {
            return throughController(out, err);
        }
        try {
            requireRoot();
            if (from == null && noBridgeProbe) {
                throw new VerifyException("nothing to scan from: give --from NAMESPACE or leave the bridge probe on");
            }
            AgentSettings settings = AgentCommand.readSettings(settingsFile);
            VerifySession session = new VerifySession(settings, deployments, Optional.ofNullable(from), !noBridgeProbe,
                    range.ports(), new ScanOptions(range.timeout(), ScanOptions.DEFAULT_CONCURRENCY));
            if (!noBridgeProbe) {
                bridgeFilterWarning().ifPresent(w -> err.println("fabric verify: warning: " + w));
            }
            long started = System.nanoTime();
            VerifyReport report = session.run(line -> {
                err.println("fabric verify: " + line);
                err.flush();
            });
            err.printf(java.util.Locale.ROOT, "fabric verify: done in %.1f s%n", (System.nanoTime() - started) / 1e9);
            out.print(json ? Json.pretty(VerifyReportJson.of(report)) : VerifyReportText.of(report));
            out.flush();
            return report.ok() ? Main.EXIT_OK : Main.EXIT_CHECK_FAILED;
        } catch (VerifyException | SettingsException | LibvirtOperationException | DeploymentRejectedException
                 | ScanException | IllegalArgumentException | IllegalStateException e) {
            err.println("fabric verify: error: " + AgentCommand.oneLine(e));
            return Main.EXIT_BAD_INPUT;
        }
    }

    /** {@code fabric verify DEPLOYMENT --controller ...}: the outside from here, each host's bridge through the controller (0690). */
    private int throughController(PrintWriter out, PrintWriter err) {
        Consumer<String> progress = line -> {
            err.println("fabric verify: " + line);
            err.flush();
        };
        try {
            if (deployments.size() != 1) {
                throw new VerifyException("through the controller, name exactly one deployment: fabric verify DEPLOYMENT --controller ...");
            }
            if (settingsFile != null || noBridgeProbe) {
                throw new VerifyException((settingsFile != null ? "--settings" : "--no-bridge-probe")
                        + " is for the stand-alone agent; through the controller each host's agent uses its own settings");
            }
            PortSet ports = range.ports();
            if (from != null) {
                requireRoot();
            }
            long started = System.nanoTime();
            progress.accept("asking the controller at " + controller.controller + " to have every host of " + deployments.get(0)
                    + " scan it from its instance bridge");
            VerifyView view = controller.client().verify(deployments.get(0), range.ports, range.timeoutMillis);
            progress.accept("the hosts answered: " + view.hosts().stream().map(h -> h.host() + " " + h.outcome()).toList());
            ScanOptions scan = new ScanOptions(range.timeout(), ScanOptions.DEFAULT_CONCURRENCY);
            FabricVerifyReport report;
            if (from != null) {
                try (NamespaceScanner outside = NamespaceScanner.join(from, scan)) {
                    report = new ControllerVerify(ports, progress).assemble(controller.controller, view,
                            new ControllerVerify.Outside("namespace " + from, outside, outside::sourceToward));
                }
            } else {
                LocalScanner here = new LocalScanner(scan);
                report = new ControllerVerify(ports, progress).assemble(controller.controller, view,
                        new ControllerVerify.Outside("this host's network namespace", here, here::sourceToward));
            }
            err.printf(java.util.Locale.ROOT, "fabric verify: done in %.1f s%n", (System.nanoTime() - started) / 1e9);
            out.print(json ? Json.pretty(FabricVerifyJson.of(report)) : FabricVerifyText.of(report));
            out.flush();
            return report.ok() ? Main.EXIT_OK : Main.EXIT_CHECK_FAILED;
        } catch (ControllerError e) {
            e.report(err);
            return Main.EXIT_BAD_INPUT; // could not verify: never 1, which says the isolation differs
        } catch (VerifyException | DeploymentRejectedException | ScanException | IllegalArgumentException | IllegalStateException e) {
            err.println("fabric verify: error: " + AgentCommand.oneLine(e));
            return Main.EXIT_BAD_INPUT;
        }
    }

    /** Joining namespaces and making the bridge probe need CAP_SYS_ADMIN and CAP_NET_ADMIN: say so up front. */
    private static void requireRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:") && !line.split("\\s+")[2].equals("0")) {
                    throw new VerifyException("fabric verify must run as root (it joins network namespaces and attaches a"
                            + " probe to the instance bridge); run it with sudo");
                }
            }
        } catch (IOException e) {
            throw new VerifyException("cannot read /proc/self/status to check for root: " + e.getMessage());
        }
    }

    /**
     * Bridged traffic meets the inet table only with br_netfilter on (decision 0200); without it the
     * bridge probe reaches every listener and the report says so as differences. Name the likely cause.
     */
    private static Optional<String> bridgeFilterWarning() {
        Path knob = Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables");
        try {
            return Files.readString(knob).strip().equals("1") ? Optional.empty()
                    : Optional.of("net.bridge.bridge-nf-call-iptables is 0 here: traffic across the instance bridge"
                    + " bypasses Fabric's inet table");
        } catch (IOException e) {
            return Optional.of("br_netfilter is not loaded (no " + knob + "): traffic across the instance bridge"
                    + " bypasses Fabric's inet table; modprobe br_netfilter");
        }
    }
}
