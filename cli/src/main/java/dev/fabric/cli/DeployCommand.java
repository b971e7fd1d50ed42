package dev.fabric.cli;

import dev.fabric.controller.api.ApiNames;
import dev.fabric.controller.api.DeploymentView;
import dev.fabric.servicedef.ServiceDefinitions;
import dev.fabric.servicedef.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code fabric deploy DEF.csdef --config CFG.cscfg [--name N] [--wait]}: a deployment for the whole fabric, through the controller. */
@Command(name = "deploy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Validates a service here (nothing is sent if it is invalid), then asks the controller to place and run it.",
                "With --wait: one line per instance whenever it changes, until every instance is running and serving.",
                "Exit codes: 0 deployed (and ready with --wait), 1 --wait ran out of time or the controller failed or is"
                        + " unreachable, 2 invalid definition, bad option or refused by the controller (e.g. name taken, no capacity)."})
final class DeployCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ControllerOptions controller;

    @Parameters(index = "0", paramLabel = "DEF.csdef", description = "The service definition.")
    Path csdef;
    @Option(names = {"-c", "--config"}, paramLabel = "CFG.cscfg", required = true, description = "The service configuration.")
    Path cscfg;
    @Option(names = "--name", paramLabel = "NAME",
            description = "The deployment's name (default: the serviceName of the definition, if it is a valid deployment name).")
    String name;
    @Option(names = "--wait", description = "Wait until every instance is running and serving, printing progress.")
    boolean waitForReady;
    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "300s", converter = DurationConverter.class,
            description = "How long --wait waits (default: ${DEFAULT-VALUE}; e.g. 90s, 10m).")
    Duration timeout;
    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "How often --wait asks the controller (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Validation validation = ServiceDefinitions.load(csdef, cscfg);
        if (validation.hasErrors()) {
            validation.errors().forEach(err::println);
            err.println("fabric: error: " + csdef + " is not valid; nothing was sent to the controller");
            err.flush();
            return Main.EXIT_BAD_INPUT;
        }
        String deployment = name != null ? name : validation.service().orElseThrow().name();
        if (!ApiNames.isDeployment(deployment)) {
            err.println("fabric: error: deployment name '" + deployment + "' is not allowed: " + ApiNames.deploymentRule()
                    + (name == null ? "; give one with --name" : ""));
            err.flush();
            return Main.EXIT_BAD_INPUT;
        }
        validation.warnings().forEach(out::println);
        try {
            String def = Files.readString(csdef, StandardCharsets.UTF_8);
            String cfg = Files.readString(cscfg, StandardCharsets.UTF_8);
            ControllerClient client = controller.client();
            DeploymentView created = client.deploy(deployment, def, cfg);
            out.println("deployed " + InstanceLines.summary(created) + "; " + created.instances().size() + " instances");
            if (!waitForReady) {
                created.instances().forEach(i -> out.println(InstanceLines.progress(i)));
                out.flush();
                return Main.EXIT_OK;
            }
            return new ReadinessWait(client, out, timeout, interval).await(created);
        } catch (IOException e) {
            err.println("fabric: error: cannot read the definition: " + e.getMessage());
            err.flush();
            return Main.EXIT_BAD_INPUT;
        } catch (ControllerError e) {
            out.flush();
            return e.report(err);
        }
    }
}
