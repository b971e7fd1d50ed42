package dev.fabric.cli;

import dev.fabric.controller.api.DeploymentView;
import dev.fabric.controller.api.InstanceView;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Polls a deployment until every instance is running and serving, printing a line for each instance whenever
 * its host, state or health changes. Ends with 0 when ready, 1 after the timeout (saying which instances are not).
 */
final class ReadinessWait {
    private final ControllerClient client;
    private final PrintWriter out;
    private final Duration timeout;
    private final Duration interval;
    private final Map<String, String> shown = new HashMap<>();

    ReadinessWait(ControllerClient client, PrintWriter out, Duration timeout, Duration interval) {
        this.client = client;
        this.out = out;
        this.timeout = timeout;
        this.interval = interval;
    }

    int await(DeploymentView first) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        DeploymentView d = first;
        while (true) {
            report(d.instances());
            if (d.ready()) {
                out.println(d.name() + ": all " + d.instances().size() + " instances running and serving after "
                        + seconds(System.nanoTime() - start));
                out.flush();
                return Main.EXIT_OK;
            }
            if (System.nanoTime() - deadline >= 0) {
                List<InstanceView> waiting = d.instances().stream().filter(i -> !i.ready()).toList();
                out.println(d.name() + ": not ready after " + seconds(System.nanoTime() - start) + ": "
                        + (d.instances().size() - waiting.size()) + " of " + d.instances().size() + " instances running and serving;"
                        + " still waiting for:");
                waiting.forEach(i -> out.println(InstanceLines.progress(i)));
                out.println("(it goes on in the background: fabric status shows where it stands)");
                out.flush();
                return Main.EXIT_CHECK_FAILED;
            }
            out.flush();
            pause(Math.min(interval.toNanos(), Math.max(0, deadline - System.nanoTime())));
            d = client.get(d.name());
        }
    }

    private void report(List<InstanceView> instances) {
        for (InstanceView i : instances) {
            String line = InstanceLines.progress(i);
            if (!line.equals(shown.put(i.instanceId(), line))) {
                out.println(line);
            }
        }
    }

    private static String seconds(long nanos) {
        return Math.round(nanos / 1e9) + " s";
    }

    private static void pause(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControllerError(Main.EXIT_CHECK_FAILED, "interrupted while waiting");
        }
    }
}
