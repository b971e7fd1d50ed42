package dev.fabric.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code fabric scale NAME ROLE COUNT}: sets a role's instance count. */
@Command(name = "scale", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Sets how many instances ROLE of deployment NAME has; new ones are placed, surplus ones (highest index first) removed.",
                "Exit codes: 0 done, 1 controller unreachable or failed, 2 bad input or refused (unknown deployment or role, no capacity)."})
final class ScaleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ControllerOptions controller;
    @Parameters(index = "0", paramLabel = "NAME", description = "The deployment.")
    String name;
    @Parameters(index = "1", paramLabel = "ROLE", description = "The role, as the definition names it.")
    String role;
    @Parameters(index = "2", paramLabel = "COUNT", description = "The new instance count (0 or more).")
    int count;

    @Override
    public Integer call() {
        return ControllerCall.run(spec, () -> {
            ControllerCall.checkDeployment(name);
            ControllerCall.checkRole(role);
            if (count < 0) {
                throw new ControllerError(2, "COUNT must be 0 or more, was " + count);
            }
            return controller.client().scale(name, role, count);
        }, (out, d) -> {
            out.println("scaled " + InstanceLines.summary(d));
            d.instances().stream().filter(i -> i.role().equals(role)).forEach(i -> out.println(InstanceLines.progress(i)));
        });
    }
}
