package dev.fabric.cli;

import dev.fabric.firewall.apply.FirewallApplier;
import dev.fabric.firewall.compile.NftRulesetCompiler;
import dev.fabric.firewall.placement.HostDeployment;
import dev.fabric.firewall.placement.HostNetwork;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.Ipv4Subnet;
import dev.fabric.firewall.placement.SamplePlacement;
import dev.fabric.firewall.ruleset.NftRenderer;
import dev.fabric.firewall.ruleset.Ruleset;
import dev.fabric.nativelib.nftables.NftException;
import dev.fabric.nativelib.nftables.Nftables;
import dev.fabric.servicedef.Diagnostic;
import dev.fabric.servicedef.ServiceDefinitions;
import dev.fabric.servicedef.Validation;
import dev.fabric.servicedef.model.Service;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code fabric firewall compile|apply|clear}: Fabric's nftables ruleset for a definition on one host. */
@Command(name = "firewall",
        description = "Compile, apply or remove Fabric's nftables ruleset (tables inet fabric and bridge fabric).",
        mixinStandardHelpOptions = true,
        subcommands = {FirewallCommand.Compile.class, FirewallCommand.Apply.class, FirewallCommand.Clear.class})
public final class FirewallCommand {

    /** The definition and the sample placement every subcommand that compiles needs. */
    static final class Input {
        @Parameters(index = "0", paramLabel = "DEF.csdef", description = "The service definition.")
        Path csdef;

        @Option(names = "--config", paramLabel = "CFG.cscfg",
                description = "The service configuration (instance counts, ACLs). Without it every role has one instance.")
        Path cscfg;

        @Option(names = "--subnet", required = true, paramLabel = "CIDR",
                description = "Instance subnet, e.g. 10.213.0.0/24. Gateway = network+1; instance k (over roles in "
                        + "definition order) gets network+10+k, MAC 52:54:00 + its last three address bytes, tap fab-k.")
        String subnet;

        @Option(names = "--host-address", paramLabel = "IP",
                description = "The host's external address, where public ports are DNATed (default: network+1).")
        String hostAddress;

        @Option(names = "--deployment", paramLabel = "NAME",
                description = "Deployment name used in rule comments and set names (default: the service name).")
        String deployment;

        @Spec(Spec.Target.MIXEE)
        picocli.CommandLine.Model.CommandSpec spec;

        /** The compiled ruleset, or null after printing why not (exit 2). */
        Ruleset compile() {
            PrintWriter err = spec.commandLine().getErr();
            Ipv4Subnet net;
            Ipv4Address host;
            try {
                net = Ipv4Subnet.parse(subnet);
                host = hostAddress == null ? null : Ipv4Address.parse(hostAddress);
            } catch (IllegalArgumentException e) {
                err.println("fabric: error: " + e.getMessage());
                return null;
            }
            for (Path p : cscfg == null ? List.of(csdef) : List.of(csdef, cscfg)) {
                if (!Files.isReadable(p)) {
                    err.println("fabric: error: cannot read " + p + " (no such file or not readable)");
                    return null;
                }
            }
            Validation v = ServiceDefinitions.load(csdef, cscfg);
            for (Diagnostic d : v.diagnostics()) {
                err.println(d);
            }
            if (v.hasErrors() || v.service().isEmpty()) {
                err.println("fabric: error: " + csdef + " is not valid; nothing compiled");
                return null;
            }
            Service service = v.service().get();
            try {
                HostNetwork network = SamplePlacement.network(net, host);
                HostDeployment placed = SamplePlacement.place(deployment == null ? service.name() : deployment, service, net);
                return new NftRulesetCompiler().compile(List.of(placed), network);
            } catch (IllegalArgumentException e) {
                err.println("fabric: error: " + e.getMessage());
                return null;
            }
        }
    }

    @Command(name = "compile", mixinStandardHelpOptions = true,
            description = {"Print the ruleset for the sample placement of a definition on one host, as one atomic "
                    + "nft transaction (replaces tables inet fabric and bridge fabric; `nft -c -f -` accepts it).",
                    "Exit codes: 0 printed, 2 invalid definition or options."})
    static final class Compile implements Callable<Integer> {
        @Mixin
        Input input;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Ruleset r = input.compile();
            if (r == null) {
                return Main.EXIT_BAD_INPUT;
            }
            spec.commandLine().getOut().print(NftRenderer.replace(r));
            spec.commandLine().getOut().flush();
            return Main.EXIT_OK;
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Compile as `compile` does and apply it through libnftables in the current network namespace, "
                    + "in one transaction: on failure the previous ruleset stays in force. Needs CAP_NET_ADMIN; "
                    + "run it inside a namespace with `ip netns exec NAME`.",
                    "Exit codes: 0 applied, 2 invalid input or nftables refused the ruleset."})
    static final class Apply implements Callable<Integer> {
        @Mixin
        Input input;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Ruleset r = input.compile();
            if (r == null) {
                return Main.EXIT_BAD_INPUT;
            }
            return withNftables(spec, nft -> {
                long t0 = System.nanoTime();
                new FirewallApplier(nft).replace(r);
                long micros = (System.nanoTime() - t0) / 1000;
                spec.commandLine().getOut().printf("applied tables inet fabric and bridge fabric (%d elements) in %.1f ms%n",
                        r.elementCount(), micros / 1000.0);
            });
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = {"Delete Fabric's tables (inet fabric, bridge fabric) in the current network namespace; "
                    + "no other table is touched. Missing tables are not an error.",
                    "Exit codes: 0 removed, 2 nftables failed."})
    static final class Clear implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return withNftables(spec, nft -> {
                new FirewallApplier(nft).clear();
                spec.commandLine().getOut().println("removed tables inet fabric and bridge fabric");
            });
        }
    }

    interface NftAction {
        void run(Nftables nft);
    }

    static int withNftables(picocli.CommandLine.Model.CommandSpec spec, NftAction action) {
        PrintWriter err = spec.commandLine().getErr();
        try (Nftables nft = Nftables.open()) {
            action.run(nft);
            return Main.EXIT_OK;
        } catch (UnsatisfiedLinkError e) {
            err.println("fabric: error: cannot load libnftables (" + e.getMessage()
                    + "); install it: apt-get install -y --no-install-recommends libnftables1");
        } catch (NftException e) {
            err.println("fabric: error: " + e.getMessage());
            err.println("(the previous ruleset, if any, is unchanged; Operation not permitted means: run as root)");
        }
        return Main.EXIT_BAD_INPUT;
    }
}
