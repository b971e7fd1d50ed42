package dev.fabric.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code fabric status [--json]}: every instance of every deployment, as the controller sees it. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Every instance of every deployment: deployment, instance, host, address, state, health (from the controller).",
                "--json prints the controller's status document (schema: docs/STATUS-JSON.md).",
                "Exit codes: 0 shown, 1 controller unreachable or failed, 2 bad option or refused."})
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ControllerOptions controller;
    @Option(names = "--json", description = "Print JSON (schema in docs/STATUS-JSON.md) instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        return ControllerCall.run(spec, () -> controller.client().status(), (out, status) -> {
            if (json) {
                out.println(status.json().strip());
            } else if (status.view().deployments().isEmpty()) {
                out.println("no deployments");
            } else {
                InstanceLines.table(status.view().instances(), out);
            }
        });
    }
}
