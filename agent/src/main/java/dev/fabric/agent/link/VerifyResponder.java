package dev.fabric.agent.link;

import dev.fabric.agent.desired.HostSettings;
import dev.fabric.agent.verify.BridgeVantage;
import dev.fabric.agent.verify.InstanceCheck;
import dev.fabric.agent.verify.PortCheck;
import dev.fabric.agent.verify.VantagePoint;
import dev.fabric.agent.verify.VerifyReport;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.verify.PortListException;
import dev.fabric.firewall.verify.PortSet;
import dev.fabric.firewall.verify.ScanOptions;
import dev.fabric.protocol.v1.InstanceVerify;
import dev.fabric.protocol.v1.VerifyRequest;
import dev.fabric.protocol.v1.VerifyResult;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Answers the controller's {@link VerifyRequest} (0690): runs the bridge-probe scan of this host's
 * instances of the deployment and writes what it found as a {@link VerifyResult}. Every failure becomes
 * the result's {@code error}, never silence: the controller waits for an answer from every host. Runs
 * on a thread of its own (a scan takes seconds), one request at a time (there is one probe per process).
 */
final class VerifyResponder {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(1500);
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);

    /** The scan itself: {@link dev.fabric.agent.verify.ManagedVerification#verify} on a real host. */
    interface BridgeScan {
        VerifyReport verify(String deployment, PortSet ports, ScanOptions scan, Consumer<String> progress);
    }

    private final BridgeScan scan;
    private final HostSettings host;
    private final Consumer<String> log;

    VerifyResponder(BridgeScan scan, HostSettings host, Consumer<String> log) {
        this.scan = scan;
        this.host = host;
        this.log = log;
    }

    VerifyResult answer(VerifyRequest request) {
        VerifyResult.Builder r = VerifyResult.newBuilder().setRequestId(request.getRequestId())
                .setDeployment(request.getDeployment()).setBridge(host.bridge())
                .setExternalAddress(host.externalAddress().toString());
        PortSet ports;
        try {
            ports = request.getPorts().isEmpty() ? PortSet.range(PortSet.MIN_PORT, PortSet.MAX_PORT) : PortSet.parse(request.getPorts());
        } catch (PortListException e) {
            return r.setError("bad port list '" + request.getPorts() + "': " + e.getMessage()).build();
        }
        r.setPorts(ports.toString());
        Duration timeout = request.getTimeoutMs() == 0 ? DEFAULT_TIMEOUT : Duration.ofMillis(request.getTimeoutMs());
        if (timeout.compareTo(MAX_TIMEOUT) > 0) {
            return r.setError("connect timeout " + timeout.toMillis() + " ms is above the limit of " + MAX_TIMEOUT.toMillis() + " ms").build();
        }
        long started = System.nanoTime();
        VerifyReport report;
        try {
            report = scan.verify(request.getDeployment(), ports, new ScanOptions(timeout, ScanOptions.DEFAULT_CONCURRENCY),
                    line -> log.accept("verify " + request.getDeployment() + ": " + line));
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.accept("verify " + request.getDeployment() + ": failed: " + why);
            return r.setError(why).build();
        }
        report.vantages().stream().filter(v -> v.name().equals(BridgeVantage.NAME)).findFirst()
                .map(VantagePoint::source).ifPresent(a -> r.setProbeAddress(a.toString()));
        for (InstanceCheck i : report.instances()) {
            InstanceVerify.Builder b = InstanceVerify.newBuilder().setRole(i.target().id().role()).setIndex(i.target().id().index())
                    .setAddress(i.target().address().map(Ipv4Address::toString).orElse("")).setState(i.target().state());
            PortCheck c = i.checks().get(BridgeVantage.NAME);
            if (c != null) {
                // PortSet text, "" for none
                b.setExpected(c.expected().toString()).setOpen(c.reachable().toString()).setMissing(c.missing().toString())
                        .setExtra(c.extra().toString());
            }
            r.addInstances(b);
        }
        log.accept(String.format(java.util.Locale.ROOT, "verify %s: %d instances from the bridge in %.1f s, %s",
                request.getDeployment(), report.instances().size(), (System.nanoTime() - started) / 1e9,
                report.ok() ? "ok" : "DIFFERS"));
        return r.build();
    }
}
