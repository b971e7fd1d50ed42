package dev.fabric.lab.probe;

import java.util.List;

/** What a finished command left behind. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** One line for failure messages: the command, its exit code and what it printed. */
    public String describe() {
        return String.join(" ", command) + " -> exit " + exitCode
                + (stdout.isBlank() ? "" : "\nstdout:\n" + stdout.strip())
                + (stderr.isBlank() ? "" : "\nstderr:\n" + stderr.strip());
    }
}
