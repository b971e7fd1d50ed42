package dev.fabric.cli;

import dev.fabric.servicedef.Diagnostic;
import dev.fabric.servicedef.ServiceDefinitions;
import dev.fabric.servicedef.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code fabric validate DEF.csdef [--config CFG.cscfg]}: checks a service and says what it would open. */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        description = {
                "Validates a service definition and, optionally, its configuration.",
                "On success: each role and who can reach each of its endpoints.",
                "On bad input: FILE:LINE:COL: error: MESSAGE per problem, exit code 2.",
                "More VM sizes: $FABRIC_VM_SIZES or /etc/fabric/vm-sizes.conf."})
public final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DEF.csdef", description = "the service definition")
    Path csdef;

    @Option(names = {"-c", "--config"}, paramLabel = "CFG.cscfg",
            description = "the service configuration (instance counts, settings, endpoint ACLs)")
    Path cscfg;

    @Override
    public Integer call() {
        Validation validation = ServiceDefinitions.load(csdef, cscfg);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (validation.hasErrors()) {
            validation.errors().forEach(d -> err.println(d));
            printWarnings(validation, out);
            out.flush();
            err.flush();
            return Main.EXIT_BAD_INPUT;
        }
        new ServiceSummary(out).print(validation.service().orElseThrow(), cscfg != null);
        printWarnings(validation, out);
        validation.ignored().forEach(out::println);
        out.flush();
        return Main.EXIT_OK;
    }

    private static void printWarnings(Validation validation, PrintWriter out) {
        for (Diagnostic w : validation.warnings()) {
            out.println(w);
        }
    }
}
