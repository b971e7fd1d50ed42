package dev.fabric.cli;

import dev.fabric.firewall.verify.PortSet;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code --ports} and {@code --timeout}, shared by every command that runs the connect scanner. */
final class ScanRangeOptions {
    @Option(names = "--ports", paramLabel = "LIST", defaultValue = "1-65535",
            description = "Ports to scan, e.g. 22,80,8000-8100 (default: ${DEFAULT-VALUE}).")
    String ports;

    @Option(names = "--timeout", paramLabel = "MS", defaultValue = "1500",
            description = "Milliseconds one connect may take before the port counts as filtered (default: ${DEFAULT-VALUE}; "
                    + "above 1000 so the kernel's first SYN retransmission is waited for).")
    long timeoutMillis;

    /** @throws dev.fabric.firewall.verify.PortListException naming the bad item */
    PortSet ports() {
        return PortSet.parse(ports);
    }

    Duration timeout() {
        return Duration.ofMillis(timeoutMillis);
    }
}
