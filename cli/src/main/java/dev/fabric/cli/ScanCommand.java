package dev.fabric.cli;

import dev.fabric.firewall.verify.PortSet;
import dev.fabric.firewall.verify.ScanException;
import dev.fabric.firewall.verify.ScanOptions;
import dev.fabric.firewall.verify.ScanResult;
import dev.fabric.firewall.verify.TcpConnectScanner;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fabric scan ADDRESS}: which TCP ports of one address accept a connection from here. */
@Command(name = "scan",
        mixinStandardHelpOptions = true,
        description = {
                "Scans TCP ports of one address with non-blocking connects and prints the open ones.",
                "A port is open when the handshake completes, closed when refused, filtered when no answer comes in time.",
                "Exit codes: 0 done (with --expect: the open ports are exactly the expected ones),",
                "1 the open ports differ from --expect, 2 bad input or the scan could not run."
        })
final class ScanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "IPv4 or IPv6 address, or a name from /etc/hosts (never looked up in DNS).")
    String address;

    @Mixin
    ScanRangeOptions range;

    @Option(names = "--expect", paramLabel = "LIST",
            description = "Ports that should be open, e.g. 8080,80, or 'none'; any other open port, or an expected port not open, fails.")
    String expect;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16384",
            description = "Connects in flight at once (default: ${DEFAULT-VALUE}; capped by the open-files limit).")
    int concurrency;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            InetAddress target = TargetAddress.parse(address, TargetAddress.SYSTEM_HOSTS_FILE);
            PortSet scanned = range.ports();
            PortSet expected = expect == null ? null : parseExpected(expect);
            if (expected != null && !scanned.containsAll(expected)) {
                throw new IllegalArgumentException("expected port(s) " + expected.minus(scanned)
                        + " are not among the scanned ports " + scanned + "; widen --ports");
            }
            ScanOptions options = new ScanOptions(range.timeout(), concurrency);

            ScanResult result = new TcpConnectScanner(options).scan(target, scanned);

            result.open().stream().forEach(port -> out.println(port + "/tcp open"));
            out.println(summary(result, options));
            int exit = expected == null ? Main.EXIT_OK : compare(result, expected, out);
            out.flush();
            return exit;
        } catch (IllegalArgumentException | UncheckedIOException | ScanException e) { // incl. PortListException
            err.println("fabric scan: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
    }

    /** "none" expects no open port at all: the check for a role that declares no public endpoint. */
    private static PortSet parseExpected(String text) {
        return text.strip().equalsIgnoreCase("none") ? PortSet.empty() : PortSet.parse(text);
    }

    private static String summary(ScanResult result, ScanOptions options) {
        return String.format(Locale.ROOT, "%s: %d ports scanned in %.2f s: %d open, %d closed, %d filtered (timeout %d ms, %d in flight)",
                result.target().getHostAddress(), result.scanned().size(), result.elapsed().toMillis() / 1000.0,
                result.openCount(), result.closedCount(), result.filteredCount(),
                options.timeout().toMillis(), result.concurrency());
    }

    private static int compare(ScanResult result, PortSet expected, PrintWriter out) {
        PortSet unexpected = result.open().minus(expected);
        PortSet missing = expected.minus(result.open());
        if (unexpected.isEmpty() && missing.isEmpty()) {
            out.println("as expected: open ports are exactly " + (expected.isEmpty() ? "none" : expected));
            return Main.EXIT_OK;
        }
        if (!unexpected.isEmpty()) {
            out.println("unexpectedly open: " + unexpected);
        }
        if (!missing.isEmpty()) {
            out.println("expected but not open: " + missing.stream()
                    .mapToObj(port -> port + " (" + result.stateOf(port).name().toLowerCase(Locale.ROOT) + ")")
                    .collect(Collectors.joining(", ")));
        }
        return Main.EXIT_CHECK_FAILED;
    }
}
