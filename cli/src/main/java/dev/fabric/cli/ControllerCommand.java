package dev.fabric.cli;

import dev.fabric.controller.liveness.LivenessSettings;
import dev.fabric.controller.placement.PlacementSettings;
import dev.fabric.controller.rest.RestServer;
import dev.fabric.controller.service.ControllerDaemon;
import dev.fabric.controller.service.ControllerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code fabric controller run}: the fabric controller in the foreground. */
@Command(name = "controller", mixinStandardHelpOptions = true,
        description = "The fabric controller: places deployments on the hosts of the inventory, holds their leases and"
                + " moves the instances of failed hosts. Agents dial in; operators use the REST API (fabric deploy, status, ...).",
        subcommands = {ControllerCommand.Run.class})
final class ControllerCommand {
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Runs the controller until SIGTERM. State lives in ZooKeeper: an embedded server under --data"
                    + " unless --zookeeper names an ensemble; a restart loses nothing and stops no instance.",
                    "Exit codes: 0 stopped, 2 bad input (inventory, certificates, ports)."})
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--datacenter", paramLabel = "FILE", defaultValue = "/etc/fabric/datacenter.xml",
                description = "The inventory: hosts, fault domains, addresses, instance subnets (default: ${DEFAULT-VALUE}); re-read on change.")
        Path datacenter;
        @Option(names = "--pki", paramLabel = "DIR", defaultValue = "/etc/fabric/pki",
                description = "ca.crt and controller.crt/.key from fabric ca (default: ${DEFAULT-VALUE}).")
        Path pki;
        @Option(names = "--data", paramLabel = "DIR", defaultValue = "/var/lib/fabric/controller",
                description = "The embedded ZooKeeper's data (default: ${DEFAULT-VALUE}).")
        Path data;
        @Option(names = "--zookeeper", paramLabel = "HOST:PORT,...",
                description = "An external ZooKeeper ensemble instead of the embedded server.")
        String zookeeper;
        @Option(names = "--agent-listen", paramLabel = "ADDRESS:PORT", defaultValue = "0.0.0.0:" + ControllerSettings.DEFAULT_AGENT_PORT,
                description = "Where agents dial in (default: ${DEFAULT-VALUE}).")
        String agents;
        @Option(names = "--api-listen", paramLabel = "ADDRESS:PORT", defaultValue = "0.0.0.0:" + RestServer.DEFAULT_PORT,
                description = "The REST API for operators (default: ${DEFAULT-VALUE}).")
        String api;
        @Option(names = "--heartbeat-ms", defaultValue = "1000", description = "Heartbeat interval (default: ${DEFAULT-VALUE}).")
        long heartbeatMs;
        @Option(names = "--lease-ms", defaultValue = "3000", description = "Lease; more than twice the heartbeat interval (default: ${DEFAULT-VALUE}).")
        long leaseMs;
        @Option(names = "--fence-margin-ms", defaultValue = "1000",
                description = "Wait after a lease ends before a host counts as down (decision 0620; default: ${DEFAULT-VALUE}).")
        long marginMs;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ControllerSettings settings;
            try {
                settings = new ControllerSettings(datacenter, pki, data, Optional.ofNullable(zookeeper),
                        address(agents, "--agent-listen"), address(api, "--api-listen"),
                        new LivenessSettings(Duration.ofMillis(heartbeatMs), Duration.ofMillis(leaseMs), Duration.ofMillis(marginMs)),
                        PlacementSettings.DEFAULTS);
            } catch (IllegalArgumentException e) {
                err.println("fabric: error: " + e.getMessage());
                return Main.EXIT_BAD_INPUT;
            }
            ControllerDaemon daemon;
            try {
                daemon = ControllerDaemon.start(settings);
            } catch (RuntimeException e) {
                err.println("fabric: error: the controller did not start: " + e.getMessage());
                return Main.EXIT_BAD_INPUT;
            }
            out.println(java.time.Instant.now() + " controller running: agents on port " + daemon.agentPort() + ", API on port "
                    + daemon.apiPort());
            out.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            CountDownLatch closed = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopped.countDown();
                try {
                    closed.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "fabric-controller-shutdown"));
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                daemon.close();
                out.println(java.time.Instant.now() + " controller stopped; agents and their instances keep running");
                out.flush();
                closed.countDown();
            }
            return Main.EXIT_OK;
        }

        static InetSocketAddress address(String text, String option) {
            int colon = text.lastIndexOf(':');
            try {
                int port = Integer.parseInt(text.substring(colon + 1));
                if (colon < 1 || port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                return new InetSocketAddress(text.substring(0, colon), port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " '" + text + "' is not ADDRESS:PORT (e.g. 0.0.0.0:7000)");
            }
        }
    }
}
