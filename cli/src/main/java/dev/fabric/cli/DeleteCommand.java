package dev.fabric.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code fabric delete NAME}: removes a deployment from the fabric. */
@Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Removes deployment NAME: the controller forgets it and each host stops its instances and removes their volumes.",
                "Exit codes: 0 deleted, 1 controller unreachable or failed, 2 bad name or unknown deployment."})
final class DeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ControllerOptions controller;
    @Parameters(index = "0", paramLabel = "NAME", description = "The deployment.")
    String name;

    @Override
    public Integer call() {
        return ControllerCall.run(spec, () -> {
            ControllerCall.checkDeployment(name);
            return controller.client().delete(name);
        }, (out, d) -> out.println("deleted " + InstanceLines.summary(d) + "; its " + d.instances().size()
                + " instances are being stopped and removed by their hosts"));
    }
}
