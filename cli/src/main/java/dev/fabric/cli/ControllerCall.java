package dev.fabric.cli;

import dev.fabric.controller.api.ApiNames;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * What the controller commands share: one request, then its report on stdout and exit 0; a {@link ControllerError}
 * on the way (bad input, missing certificate, unreachable, refused) goes to stderr and gives its exit code.
 */
final class ControllerCall {
    private ControllerCall() {
    }

    static <T> int run(CommandSpec spec, Supplier<T> request, BiConsumer<PrintWriter, T> report) {
        PrintWriter out = spec.commandLine().getOut();
        try {
            report.accept(out, request.get());
            out.flush();
            return Main.EXIT_OK;
        } catch (ControllerError e) {
            return e.report(spec.commandLine().getErr());
        }
    }

    /** Refuses (exit 2) a deployment name the API would refuse, before anything is sent. */
    static void checkDeployment(String name) {
        if (!ApiNames.isDeployment(name)) {
            throw new ControllerError(2, "deployment name '" + name + "' is not allowed: " + ApiNames.deploymentRule());
        }
    }

    /** Refuses (exit 2) a role name the API would refuse, before anything is sent. */
    static void checkRole(String role) {
        if (!ApiNames.isRole(role)) {
            throw new ControllerError(2, "role name '" + role + "' is not allowed: " + ApiNames.roleRule());
        }
    }
}
