package dev.fabric.lab.probe;

import java.time.Duration;

/** The repository's {@code ./fabric} launcher, run inside a namespace from the repository root. */
public final class FabricCommand {
    private final InNamespace where;

    public FabricCommand(InNamespace where) {
        this.where = where;
    }

    public CommandResult run(Duration timeout, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "./fabric";
        System.arraycopy(args, 0, command, 1, args.length);
        return where.run(timeout, command);
    }
}
