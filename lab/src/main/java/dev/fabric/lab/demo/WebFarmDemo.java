package dev.fabric.lab.demo;

import dev.fabric.lab.LabDeployment;
import dev.fabric.lab.LabNetwork;
import dev.fabric.lab.LabPaths;
import dev.fabric.lab.guest.BootedInstance;
import dev.fabric.lab.guest.GuestDomains;
import dev.fabric.lab.guest.GuestImage;
import dev.fabric.lab.guest.InstanceBooter;
import dev.fabric.lab.isolation.DeclaredPorts;
import dev.fabric.lab.isolation.IsolationCheck;
import dev.fabric.lab.isolation.IsolationReport;
import dev.fabric.lab.isolation.IsolationRow;
import dev.fabric.lab.probe.CommandResult;
import dev.fabric.lab.probe.FabricCommand;
import dev.fabric.lab.probe.HttpProbe;
import dev.fabric.lab.probe.InNamespace;
import dev.fabric.lab.probe.NmapScan;
import dev.fabric.servicedef.model.Role;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code ./lab.sh demo}: boots the guests of a definition in the lab (already set up by the script),
 * applies Fabric's firewall and prints what the outside can reach. Leaves everything running.
 * Arguments: CSDEF CSCFG (relative to the repository root). Exit 0 when every instance is isolated.
 */
public final class WebFarmDemo {
    private WebFarmDemo() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: WebFarmDemo CSDEF CSCFG");
            System.exit(2);
        }
        try {
            System.exit(run(Path.of(args[0]), Path.of(args[1])));
        } catch (Exception e) {
            System.err.println("demo: error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if ("1".equals(System.getenv("FABRIC_DEBUG"))) {
                e.printStackTrace();
            }
            System.exit(1);
        }
    }

    static int run(Path csdef, Path cscfg) throws Exception {
        Path repo = LabPaths.repoRoot();
        LabNetwork network = LabNetwork.CONTRACT;
        LabDeployment deployment = LabDeployment.load(repo, csdef, cscfg, network);
        InNamespace lab = new InNamespace(network.labNamespace(), repo);
        InNamespace outside = new InNamespace(network.outsideNamespace(), repo);
        HttpProbe http = new HttpProbe(outside);

        step("Service " + deployment.service().name() + ": " + deployment.instances().size() + " instances in "
                + network.subnet() + "; every guest listens on " + deployment.listenPorts());
        CommandResult clear = new FabricCommand(lab).run(Duration.ofMinutes(3), LabDeployment.firewallClearArgs());
        if (!clear.ok()) {
            System.err.println("demo: could not clear an earlier firewall: " + clear.describe());
            return 1;
        }
        try (GuestDomains domains = GuestDomains.open("qemu:///system")) {
            InstanceBooter booter = new InstanceBooter(domains, GuestImage.verified(LabPaths.imageDir()), network, http,
                    System.getProperty("fabric.lab.virt", "qemu"), LabPaths.seedDir());
            for (BootedInstance b : booter.boot(deployment.service(), deployment.instances(), deployment.listenPorts())) {
                System.out.printf("  %-28s %-16s %-12s %s %s  answering %.1f s after create%n", b.domainName(),
                        b.instance().instanceId(), b.instance().address(), b.instance().mac(), b.instance().tap(),
                        b.createToAnswer().toMillis() / 1000.0);
            }
        }

        step("Before the firewall, from " + network.outsideNamespace() + ":");
        for (var instance : deployment.instances()) {
            for (int port : deployment.listenPorts()) {
                System.out.printf("  %s:%-5d %s%n", instance.address(), port,
                        http.get(instance.address(), port, Duration.ofSeconds(3)).orElse("(no answer)"));
            }
        }

        step("fabric firewall apply (in " + network.labNamespace() + ")");
        CommandResult apply = new FabricCommand(lab).run(Duration.ofMinutes(3), deployment.firewallApplyArgs(network));
        System.out.print(indent(apply.stdout() + apply.stderr()));
        if (!apply.ok()) {
            System.err.println("demo: the firewall could not be applied: " + apply.describe());
            return 1;
        }

        step("Scanning every TCP port of every instance from " + network.outsideNamespace() + " (fabric scan and nmap)");
        List<IsolationRow> rows = new IsolationCheck(new FabricCommand(outside), new NmapScan(outside)).check(deployment.instances());
        System.out.println();
        System.out.print(IsolationReport.format(network.outsideNamespace(), rows));

        System.out.println("(declared = ports of input endpoints; internal endpoints answer only inside the deployment)");
        for (Role role : deployment.service().roles()) {
            for (int port : DeclaredPorts.publicPorts(role)) {
                step("Public port " + port + " of " + role.name() + " on the host address, four connections from "
                        + network.outsideNamespace());
                for (int i = 0; i < 4; i++) {
                    System.out.printf("  %s:%d -> %s%n", network.hostAddress(), port,
                            http.get(network.hostAddress(), port, Duration.ofSeconds(5)).orElse("(no answer)"));
                }
            }
        }
        System.out.println("\nThe lab keeps running: try  ip netns exec " + network.outsideNamespace()
                + " curl http://" + network.hostAddress() + "/   and remove it with  ./lab.sh down");
        return rows.stream().allMatch(IsolationRow::isolated) ? 0 : 1;
    }

    private static void step(String text) {
        System.out.println("\n== " + text);
    }

    private static String indent(String text) {
        return text.isBlank() ? "" : text.strip().indent(2);
    }
}
