package dev.fabric.cli;

import dev.fabric.agent.link.ControllerLink;
import java.util.function.Consumer;

import dev.fabric.agent.desired.DeploymentNames;
import dev.fabric.agent.desired.DesiredStateException;
import dev.fabric.agent.image.ImageException;
import dev.fabric.agent.json.Json;
import dev.fabric.agent.libvirt.LibvirtDomain;
import dev.fabric.agent.libvirt.LibvirtHost;
import dev.fabric.agent.run.AgentLock;
import dev.fabric.agent.run.AgentLoop;
import dev.fabric.agent.run.AgentRuntime;
import dev.fabric.agent.run.AgentSettings;
import dev.fabric.agent.run.AgentSettingsFile;
import dev.fabric.agent.run.ConvergenceWaiter;
import dev.fabric.agent.run.DefinitionFiles;
import dev.fabric.agent.run.DeploymentRejectedException;
import dev.fabric.agent.run.DeploymentStore;
import dev.fabric.agent.run.EndpointStatus;
import dev.fabric.agent.run.HostAgent;
import dev.fabric.agent.run.HostStatus;
import dev.fabric.agent.run.InstanceStatusFile;
import dev.fabric.agent.run.SettingsException;
import dev.fabric.agent.run.StoreWatcher;
import dev.fabric.servicedef.ServiceDefinitions;
import dev.fabric.servicedef.Validation;
import dev.fabric.servicedef.model.Service;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code fabric agent apply|status|remove|run}: the node agent in stand-alone mode (decisions 0530-0532). */
@Command(name = "agent",
        mixinStandardHelpOptions = true,
        description = {
                "The node agent in stand-alone mode: deployments are kept in the agent's state directory and " +
                "reconciled into libvirt domains, volumes and the host firewall (firewall first, fail-closed).",
                "Settings come from a 'key = value' file (default /etc/fabric/agent.conf; when it is absent the " +
                "lab defaults apply: qemu:///system, virt type auto, 10.213.0.0/24 on fabbr0, ...).",
                "Exit codes: 0 ok, 1 a deployment did not converge, 2 bad input."},
        subcommands = {AgentCommand.Apply.class, AgentCommand.Status.class, AgentCommand.Remove.class, AgentCommand.Run.class})
final class AgentCommand {

    @Option(names = "--settings", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Host settings file (default: /etc/fabric/agent.conf, lab defaults when it is absent).")
    Path settingsFile;

    /** Lists every settings key with its default under {@code fabric agent --help}, from the one table the reader uses. */
    static void describeSettings(picocli.CommandLine agent) {
        List<String> lines = new java.util.ArrayList<>();
        lines.add("%nSettings file keys (default):");
        AgentSettingsFile.DEFAULTS.forEach((key, value) -> lines.add(String.format("  %-22s %s", key, value)));
        agent.getCommandSpec().usageMessage().footer(lines.toArray(String[]::new));
    }

    /** The settings, or null after printing why not. */
    AgentSettings settings(PrintWriter err) {
        try {
            return readSettings(settingsFile);
        } catch (SettingsException e) {
            err.println("fabric: error: " + e.getMessage());
            return null;
        }
    }

    /** {@code --settings FILE} (must exist), or the default file, or the lab defaults when that is absent. */
    static AgentSettings readSettings(Path fileOrNull) {
        return fileOrNull == null ? AgentSettingsFile.read(AgentSettings.DEFAULT_FILE, false)
                : AgentSettingsFile.read(fileOrNull, true);
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.replace('\n', ' ');
    }

    /** Runs passes itself under the lock, or watches the running agent do it. */
    static ConvergenceWaiter.Result converge(HostAgent agent, AgentSettings settings, String name, Duration timeout,
                                             PrintWriter out) throws InterruptedException {
        return converge(agent, settings, name, timeout, false, out);
    }

    /** @param awaitServing also wait until every instance answers its health probe (an unhealthy one fails) */
    static ConvergenceWaiter.Result converge(HostAgent agent, AgentSettings settings, String name, Duration timeout,
                                             boolean awaitServing, PrintWriter out) throws InterruptedException {
        ConvergenceWaiter waiter = new ConvergenceWaiter(agent, Clock.systemUTC(), awaitServing, line -> {
            out.println(line);
            out.flush();
        });
        Optional<AgentLock> lock = AgentLock.tryAcquire(settings.lockFile());
        if (lock.isEmpty()) {
            out.println("an agent is running on this host (" + settings.lockFile() + " is locked); waiting for it");
            out.flush();
            return waiter.watch(name, timeout);
        }
        try (AgentLock held = lock.get()) {
            return waiter.reconcile(name, timeout);
        }
    }

    static int finish(ConvergenceWaiter.Result r, String what, PrintWriter out, PrintWriter err) {
        switch (r.outcome()) {
            case CONVERGED -> {
                out.println(what);
                return Main.EXIT_OK;
            }
            case FAILED -> err.println("fabric: error: " + r.failure().orElse("a reconcile pass failed"));
            default -> err.println("fabric: error: timed out" + r.failure().map(f -> "; last failure: " + f).orElse(""));
        }
        return Main.EXIT_CHECK_FAILED;
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {
                "Validates a definition, checks it fits this host (memory, image digest, public ports), stores " +
                "it and waits until every instance runs and answers its health probe (its first declared " +
                "endpoint), printing each instance's progress.",
                "If an instance does not serve (its probe fails past the grace period) or the wait times out, " +
                "the deployment is rolled back: a new one is removed, an updated one gets its previous " +
                "definition back (unless --no-rollback).",
                "Applying the same definition again changes nothing and says so. If 'fabric agent run' is " +
                "running, it does the work and this command watches; otherwise this command reconciles itself.",
                "Exit codes: 0 converged or unchanged, 1 did not converge (reason printed, rolled back), 2 bad input " +
                "(nothing applied)."})
    static final class Apply implements Callable<Integer> {
        @ParentCommand
        AgentCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DEF.csdef")
        Path csdef;
        @Option(names = "--config", required = true, paramLabel = "CFG.cscfg", description = "The service configuration.")
        Path cscfg;
        @Option(names = "--name", paramLabel = "DEPLOYMENT",
                description = "Deployment name (default: the service name in the .csdef).")
        String name;
        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
                description = "How long to wait for the instances (default: ${DEFAULT-VALUE}).")
        long timeoutSeconds;
        @Option(names = "--no-rollback",
                description = "On failure, leave what was created for inspection instead of rolling back.")
        boolean noRollback;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            AgentSettings settings = parent.settings(err);
            if (settings == null || refusedWhenManaged(settings, err, "apply")) {
                return Main.EXIT_BAD_INPUT;
            }
            for (Path p : List.of(csdef, cscfg)) {
                if (!Files.isReadable(p)) {
                    err.println("fabric: error: cannot read " + p + " (no such file or not readable)");
                    return Main.EXIT_BAD_INPUT;
                }
            }
            Validation v = ServiceDefinitions.load(csdef, cscfg);
            v.diagnostics().forEach(err::println);
            if (v.hasErrors() || v.service().isEmpty()) {
                err.println("fabric: error: " + csdef + " is not valid; nothing applied");
                return Main.EXIT_BAD_INPUT;
            }
            Service service = v.service().get();
            String deployment = name == null ? service.name() : name;
            if (!DeploymentNames.isValid(deployment)) {
                err.println("fabric: error: deployment name '" + deployment + "' is not allowed: use 1-40 letters, digits,"
                        + " '-' or '_', starting with a letter or digit; pass --name NAME");
                return Main.EXIT_BAD_INPUT;
            }
            try (AgentRuntime runtime = AgentRuntime.open(settings)) {
                HostAgent agent = runtime.agent();
                try {
                    agent.check(deployment, service);
                } catch (DesiredStateException | ImageException | IllegalArgumentException e) {
                    err.println("fabric: error: " + oneLine(e) + " (nothing applied)");
                    return Main.EXIT_BAD_INPUT;
                }
                Optional<DefinitionFiles> previous = agent.store().files(deployment);
                boolean changed;
                try {
                    changed = agent.store().put(deployment, Files.readAllBytes(csdef), Files.readAllBytes(cscfg));
                } catch (DeploymentRejectedException e) {
                    err.println("fabric: error: " + oneLine(e));
                    return Main.EXIT_BAD_INPUT;
                }
                int count = service.roles().stream().mapToInt(r -> r.instanceCount()).sum();
                if (!changed && agent.converged(deployment)) {
                    out.println("deployment " + deployment + " is unchanged: " + count
                            + " instances already run as defined; nothing to do");
                    return Main.EXIT_OK;
                }
                out.println(changed ? "applying deployment " + deployment + " (" + count + " instances)"
                        : "deployment " + deployment + " is unchanged, but not all its instances run as defined; reconciling");
                out.flush();
                ConvergenceWaiter.Result r = converge(agent, settings, deployment, Duration.ofSeconds(timeoutSeconds),
                        runtime.probesHealth(), out);
                String done = "deployment " + deployment + ": " + count + " instances running"
                        + (runtime.probesHealth() ? " and serving" : "");
                if (r.outcome() == ConvergenceWaiter.Outcome.CONVERGED || noRollback || !changed) {
                    return finish(r, done, out, err);
                }
                finish(r, done, out, err);
                return rollBack(agent, settings, deployment, previous, out, err);
            }
        }

        /** Undoes a failed apply: a new deployment is removed, an updated one gets its previous definition back. */
        private static int rollBack(HostAgent agent, AgentSettings settings, String deployment, Optional<DefinitionFiles> previous,
                                    PrintWriter out, PrintWriter err) throws InterruptedException {
            if (previous.isPresent()) {
                out.println("rolling back: deployment " + deployment + " gets its previous definition back");
                agent.store().put(deployment, previous.get());
            } else {
                out.println("rolling back: removing the new deployment " + deployment);
                agent.store().remove(deployment);
            }
            out.flush();
            ConvergenceWaiter.Result back = converge(agent, settings, deployment, ROLLBACK_TIMEOUT, out);
            if (back.outcome() == ConvergenceWaiter.Outcome.CONVERGED) {
                err.println("fabric: error: deployment " + deployment + " not applied; rolled back: " + (previous.isPresent()
                        ? "it runs its previous definition again" : "no domain, volume, rule or stored file of it is left"));
            } else {
                err.println("fabric: error: rolling back deployment " + deployment + " did not finish"
                        + back.failure().map(f -> ": " + f).orElse("") + "; see fabric agent status");
            }
            return Main.EXIT_CHECK_FAILED;
        }
    }

    private static final Duration ROLLBACK_TIMEOUT = Duration.ofSeconds(120);

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = {
                "Removes a deployment: its rules, domains, volumes and stored files, and waits until none is " +
                "left.",
                "Exit codes: 0 removed, 1 did not finish (reason printed), 2 no such deployment."})
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        AgentCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DEPLOYMENT")
        String name;
        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
                description = "How long to wait (default: ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            AgentSettings settings = parent.settings(err);
            if (settings == null || refusedWhenManaged(settings, err, "remove")) {
                return Main.EXIT_BAD_INPUT;
            }
            if (!DeploymentNames.isValid(name)) {
                err.println("fabric: error: '" + name + "' is not a deployment name");
                return Main.EXIT_BAD_INPUT;
            }
            try (AgentRuntime runtime = AgentRuntime.open(settings)) {
                HostAgent agent = runtime.agent();
                boolean stored = agent.store().remove(name);
                if (!stored && agent.domains(name).isEmpty() && agent.converged(name)) {
                    err.println("fabric: error: no deployment " + name + " on this host (known: "
                            + String.join(", ", agent.store().names()) + ")");
                    return Main.EXIT_BAD_INPUT;
                }
                out.println("removing deployment " + name);
                out.flush();
                ConvergenceWaiter.Result r = converge(agent, settings, name, Duration.ofSeconds(timeoutSeconds), out);
                return finish(r, "deployment " + name + " removed: no domain, volume, rule or stored file left", out, err);
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {
                "Shows deployments and their instances: state, address, declared endpoints, health, restarts and " +
                "the last failure reason.",
                "Read from libvirt's domain metadata and the store; changes nothing.",
                "Exit codes: 0 shown, 2 bad settings or libvirt unreachable."})
    static final class Status implements Callable<Integer> {
        @ParentCommand
        AgentCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            AgentSettings settings = parent.settings(err);
            if (settings == null) {
                return Main.EXIT_BAD_INPUT;
            }
            HostStatus status;
            InstanceStatusFile statusFile = new InstanceStatusFile(settings.statusFile());
            try (LibvirtHost libvirt = LibvirtHost.open(settings.host().libvirtUri())) {
                List<LibvirtDomain> domains = libvirt.domains();
                status = HostStatus.collect(new DeploymentStore(settings.deploymentsDir()).names(), domains,
                        statusFile.readHealth(), statusFile.read());
            }
            if (json) {
                out.print(Json.pretty(StatusJson.of(status)));
            } else {
                print(status, out);
            }
            out.flush();
            return Main.EXIT_OK;
        }

        private static void print(HostStatus status, PrintWriter out) {
            if (status.deployments().isEmpty()) {
                out.println("no deployments on this host");
                return;
            }
            for (HostStatus.Deployment d : status.deployments()) {
                out.println("deployment " + d.name() + (d.stored() ? "" : " (removed, being torn down)") + ": "
                        + d.instances().size() + " instances");
                for (HostStatus.Instance i : d.instances()) {
                    out.printf("  %-28s %-10s %-15s health %-9s restarts %d%s%n", i.role() + "." + i.index(), i.state(),
                            i.address(), i.health(), i.restarts(), i.lastFailure().map(f -> "  last failure: " + f).orElse(""));
                    for (EndpointStatus e : i.endpoints()) {
                        out.println("      " + e.text());
                    }
                }
            }
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {
                "Runs the agent until SIGTERM or SIGINT: a reconcile pass on every libvirt lifecycle event (a " +
                "crashed guest is restarted at once, with backoff), on every change of the stored deployments, " +
                "and every --tick.",
                "Takes the host's agent lock: only one agent runs per state directory. Stopping it leaves every " +
                "guest running; a restarted agent re-adopts them from libvirt.",
                "Exit codes: 0 stopped cleanly, 2 bad settings or another agent holds the lock."})
    static final class Run implements Callable<Integer> {
        @ParentCommand
        AgentCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--tick", paramLabel = "MILLIS", defaultValue = "2000",
                description = "Longest time between passes (default: ${DEFAULT-VALUE}).")
        long tickMillis;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            AgentSettings settings = parent.settings(err);
            if (settings == null) {
                return Main.EXIT_BAD_INPUT;
            }
            Optional<AgentLock> lock = AgentLock.tryAcquire(settings.lockFile());
            if (lock.isEmpty()) {
                err.println("fabric: error: another agent holds " + settings.lockFile() + "; stop it first");
                return Main.EXIT_BAD_INPUT;
            }
            try (AgentLock held = lock.get(); AgentRuntime runtime = AgentRuntime.open(settings)) {
                AgentLoop loop = new AgentLoop(runtime.agent(), Duration.ofMillis(tickMillis), Clock.systemUTC(), line -> {
                    synchronized (out) {
                        out.println(java.time.Instant.now() + " " + line);
                        out.flush();
                    }
                });
                runtime.libvirt().addListener(loop::onEvent);
                runtime.onHealthChange(loop::wake);
                // SIGTERM/SIGINT: the hook stops the loop and waits until this thread has finished the pass in
                // progress and closed libvirt and nft (not for the thread itself: it then blocks in System.exit).
                java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
                Thread hook = new Thread(() -> {
                    loop.stop();
                    try {
                        closed.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                }, "fabric-agent-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                runtimeClosed = closed;
                out.println(java.time.Instant.now() + " agent running: " + settings.host().libvirtUri() + ", virt type " + runtime.virtType().type()
                        .name().toLowerCase(java.util.Locale.ROOT) + " (" + runtime.virtType().reason() + "), state "
                        + settings.stateDir() + ", " + (runtime.managed().isPresent()
                        ? "managed by " + settings.controller().orElseThrow().controller() + " as " + settings.controller().orElseThrow().hostName()
                        + ", deployments " + runtime.managed().get().store().names()
                        : "deployments " + runtime.agent().store().names()));
                out.flush();
                if (runtime.managed().isPresent()) {
                    Consumer<String> log = line -> {
                        synchronized (out) {
                            out.println(java.time.Instant.now() + " " + line);
                            out.flush();
                        }
                    };
                    try (ControllerLink link = ControllerLink.start(settings.controller().get(), settings, runtime.agent(),
                            runtime.managed().get(), runtime.libvirt(), loop::wake, log)) {
                        loop.afterEachPass(link::afterPass);
                        loop.run();
                    }
                } else {
                    try (StoreWatcher watcher = StoreWatcher.start(settings.deploymentsDir(), loop::wake)) {
                        loop.run();
                    }
                }
                out.println("agent stopped after " + loop.passes() + " passes; guests left running");
                out.flush();
                return Main.EXIT_OK;
            } finally {
                if (runtimeClosed != null) {
                    runtimeClosed.countDown();
                }
            }
        }

        private java.util.concurrent.CountDownLatch runtimeClosed;
    }


    /** A host managed by a controller runs what the controller says; local apply/remove would fight it. */
    static boolean refusedWhenManaged(AgentSettings settings, PrintWriter err, String what) {
        if (settings.controller().isEmpty()) {
            return false;
        }
        err.println("fabric: error: this host is managed by the controller at " + settings.controller().get().controller()
                + " (controller.address in the agent settings); agent " + what + " works only on a stand-alone agent:"
                + " use fabric deploy / fabric delete against the controller");
        return true;
    }
}
