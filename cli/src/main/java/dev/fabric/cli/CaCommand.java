package dev.fabric.cli;

import dev.fabric.pki.CertificateAuthority;
import dev.fabric.pki.Credential;
import dev.fabric.pki.CredentialKind;
import dev.fabric.pki.PkiException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code fabric ca init|issue}: the fabric's own certificate authority for mutual TLS between agents, controller and operators. */
@Command(name = "ca", mixinStandardHelpOptions = true,
        description = {
                "The fabric's own certificate authority: every agent, the controller and every operator get a " +
                "certificate from it, and the controller accepts only certificates that chain to it (mutual TLS).",
                "Keys are EC P-256 in PEM (PKCS#8, mode 0600); nothing is ever overwritten.",
                "Exit codes: 0 done, 2 bad input (a CA or credential exists already, bad name, unreadable CA)."},
        subcommands = {CaCommand.Init.class, CaCommand.Issue.class})
final class CaCommand {
    @Option(names = "--dir", paramLabel = "DIR", scope = ScopeType.INHERIT, defaultValue = "/etc/fabric/pki",
            description = "Where the CA and the issued credentials live (default: ${DEFAULT-VALUE}).")
    Path dir;

    /** One CA operation: --days checked, its result line printed, a refusal turned into one line and exit 2. */
    static int run(CommandSpec spec, long days, Supplier<String> operation) {
        PrintWriter err = spec.commandLine().getErr();
        if (days < 1) {
            err.println("fabric: error: --days must be at least 1");
            return Main.EXIT_BAD_INPUT;
        }
        try {
            spec.commandLine().getOut().println(operation.get());
            return Main.EXIT_OK;
        } catch (PkiException e) {
            err.println("fabric: error: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true, description = "Makes a new CA: DIR/ca.crt and DIR/ca.key.")
    static final class Init implements Callable<Integer> {
        @ParentCommand
        CaCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--name", paramLabel = "NAME", defaultValue = "Fabric CA",
                description = "The CA's common name (default: ${DEFAULT-VALUE}).")
        String name;
        @Option(names = "--days", paramLabel = "DAYS", defaultValue = "3650", description = "Validity (default: ${DEFAULT-VALUE}).")
        long days;

        @Override
        public Integer call() {
            return run(spec, days, () -> {
                CertificateAuthority ca = CertificateAuthority.init(parent.dir, name, Duration.ofDays(days), Clock.systemUTC());
                return "CA '" + name + "' made in " + parent.dir + ": ca.crt (give it to every host and operator), ca.key"
                        + " (keep it here, mode 0600); valid until " + ca.certificate().getNotAfter().toInstant();
            });
        }
    }

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = "Issues a credential signed by the CA in DIR: DIR/hosts/NAME.{crt,key}, DIR/controller.{crt,key} "
                    + "or DIR/operators/NAME.{crt,key}.")
    static final class Issue implements Callable<Integer> {
        @ParentCommand
        CaCommand parent;
        @Spec
        CommandSpec spec;
        @ArgGroup(exclusive = true, multiplicity = "1")
        Who who;
        @Option(names = "--address", paramLabel = "IP|DNS", split = ",",
                description = "Extra names the peer is reached by (subject alternative names), e.g. the controller's address.")
        List<String> addresses = List.of();
        @Option(names = "--days", paramLabel = "DAYS", defaultValue = "365", description = "Validity (default: ${DEFAULT-VALUE}).")
        long days;

        static final class Who {
            @Option(names = "--host", paramLabel = "NAME", required = true, description = "A node agent, by its inventory name.")
            String host;
            @Option(names = "--controller", required = true, description = "The controller.")
            boolean controller;
            @Option(names = "--operator", paramLabel = "NAME", required = true, description = "A person or tool using the REST API.")
            String operator;
        }

        @Override
        public Integer call() {
            CredentialKind kind = who.controller ? CredentialKind.CONTROLLER
                    : who.host != null ? CredentialKind.HOST : CredentialKind.OPERATOR;
            String name = who.host != null ? who.host : who.operator;
            return run(spec, days, () -> {
                Credential c = CertificateAuthority.open(parent.dir).issue(kind, name, addresses, Duration.ofDays(days),
                        Clock.systemUTC());
                return "issued " + kind.unit() + " certificate " + c.certificate().getSubjectX500Principal().getName()
                        + ": " + c.certificateFile() + " and " + c.keyFile() + " (mode 0600); valid until "
                        + c.certificate().getNotAfter().toInstant();
            });
        }
    }
}
