package dev.fabric.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fabric} command: one front door for validating definitions, compiling and applying
 * firewall rules and verifying isolation. Exit codes: 0 success, 1 a check found a difference,
 * 2 bad input or usage.
 */
@Command(name = "fabric",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Runs role instances of Azure-style service definitions on Linux/KVM hosts.",
        subcommands = {
                CommandLine.HelpCommand.class,
                ValidateCommand.class,
                FirewallCommand.class,
                ScanCommand.class,
                ImageCommand.class,
                AgentCommand.class,
                VerifyCommand.class,
                CaCommand.class,
                DeployCommand.class,
                StatusCommand.class,
                HostsCommand.class,
                ScaleCommand.class,
                DeleteCommand.class,
                ControllerCommand.class,
        })
public final class Main {

    public static final int EXIT_OK = 0;
    public static final int EXIT_CHECK_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (used by tests, too). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorReporter());
        AgentCommand.describeSettings(cl.getSubcommands().get("agent"));
        return cl.execute(args);
    }

    /** Turns an unexpected exception into one line for people; the stack trace only with FABRIC_DEBUG=1. */
    static final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
            cl.getErr().println("fabric: error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if ("1".equals(System.getenv("FABRIC_DEBUG"))) {
                ex.printStackTrace(cl.getErr());
            }
            return EXIT_BAD_INPUT;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"fabric " + (v == null ? "development build" : v)};
        }
    }
}
