package dev.fabric.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code fabric hosts}: the controller's inventory. */
@Command(name = "hosts", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "The hosts of the fabric: name, fault domain, address, state, cpus and memory for guests, instances placed.",
                "Exit codes: 0 shown, 1 controller unreachable or failed, 2 bad option or refused."})
final class HostsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ControllerOptions controller;

    @Override
    public Integer call() {
        return ControllerCall.run(spec, () -> controller.client().hosts(), (out, hosts) -> {
            if (hosts.isEmpty()) {
                out.println("no hosts in the inventory");
            } else {
                TextTable t = new TextTable("HOST", "FAULT-DOMAIN", "ADDRESS", "STATE", "CPUS", "MEMORY", "INSTANCES");
                hosts.forEach(h -> t.row(h.name(), h.faultDomain(), h.address(), h.state(), h.cpus(), h.memoryMiB() + " MiB",
                        h.instanceCount()));
                t.print(out);
            }
        });
    }
}
