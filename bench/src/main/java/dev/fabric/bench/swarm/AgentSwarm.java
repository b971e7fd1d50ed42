package dev.fabric.bench.swarm;

import dev.fabric.protocol.LinkVersion;
import dev.fabric.protocol.client.Backoff;
import dev.fabric.protocol.client.LinkClient;
import dev.fabric.protocol.metrics.LatencyHistogram;
import dev.fabric.protocol.tls.TlsContexts;
import dev.fabric.protocol.tls.TlsFiles;
import dev.fabric.protocol.v1.Capacity;
import dev.fabric.protocol.v1.Hello;
import dev.fabric.protocol.transport.Transports;
import io.netty.channel.EventLoopGroup;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * N simulated agents in one JVM against one controller: real LinkClients (mutual TLS 1.3, the real
 * protocol) sharing one event loop group, started at a fixed rate (TLS handshakes cost CPU on both
 * sides), then held for a while. Prints a progress line every 10 s and, at the end, SWARM lines the
 * controller benchmark script reads: agents held, refusals, disconnects, missed leases, heartbeat
 * round trips (agent side) over the hold.
 * <p>
 * Usage: AgentSwarm PKI_DIR PORT AGENTS [CONNECTS_PER_S [HOLD_S [THREADS]]]
 */
public final class AgentSwarm {
    private static final Duration REPORT = Duration.ofSeconds(10);
    private static final int MAX_JOINING = 50;

    private AgentSwarm() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: AgentSwarm PKI_DIR PORT AGENTS [CONNECTS_PER_S [HOLD_S [THREADS]]]");
            System.exit(2);
        }
        Path pki = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        int n = Integer.parseInt(args[2]);
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        int holdS = args.length > 4 ? Integer.parseInt(args[4]) : 120;
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 2;

        SwarmStats stats = new SwarmStats();
        EventLoopGroup group = Transports.group(threads);
        List<SimulatedAgent> agents = new ArrayList<>(n);
        Thread checker = new Thread(() -> checkLeases(agents, stats), "lease-checker");
        checker.setDaemon(true);

        long t0 = System.nanoTime();
        long lastProgress = t0;
        // Ramp: one agent every 1/rate s; each builds its own TLS context from its own key and certificate.
        for (int i = 0; i < n; i++) {
            long due = t0 + (long) i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            // Never more than MAX_JOINING handshakes in flight: behind schedule, a burst of connects would queue
            // handshakes past their timeout on a busy machine and every retry would add more (JDK-8331682 noise).
            while (i - stats.connected.get() - stats.refusals.get() >= MAX_JOINING) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            String name = SwarmFabric.hostName(i);
            SimulatedAgent agent = new SimulatedAgent(stats);
            LinkClient client = new LinkClient(group, TlsContexts.client(TlsFiles.host(pki, name)), "127.0.0.1", port,
                    () -> Hello.newBuilder().setProtocolVersion(LinkVersion.CURRENT).setHostName(name).setAgentVersion("swarm")
                            .setCapacity(Capacity.newBuilder().setCpus(2).setMemoryMib(4096).setMemoryScale("1/16 (floor 128 MiB)")
                                    .addVirtTypes("kvm")).build(),
                    agent::fillHeartbeat,
                    agent, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), new Random(i)), Clock.systemUTC(), m -> { });
            agent.attach(client);
            synchronized (agents) {
                agents.add(agent);
            }
            client.start();
            if (i == 0) {
                checker.start();
            }
            if (System.nanoTime() - lastProgress > REPORT.toNanos()) {
                lastProgress = System.nanoTime();
                progress("ramp", t0, stats, null);
                System.out.println("  started=" + (i + 1) + " disconnect reasons: " + stats.reasons());
            }
        }
        long rampDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (stats.connected.get() < n && System.nanoTime() < rampDeadline) {
            TimeUnit.MILLISECONDS.sleep(100);
            if (System.nanoTime() - lastProgress > REPORT.toNanos()) {
                lastProgress = System.nanoTime();
                progress("ramp", t0, stats, null);
                System.out.println("  disconnect reasons: " + stats.reasons());
            }
        }
        double rampS = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "SWARM ramp: %d of %d connected after %.1f s (target rate %d/s), refusals=%d, first refusal: %s%n",
                stats.connected.get(), n, rampS, rate, stats.refusals.get(), stats.firstRefusal.get());

        // Hold: fresh counters, then watch.
        stats.rtt.snapshotAndReset();
        long disconnects0 = stats.disconnects.get();
        long lapses0 = stats.lapses.get();
        long refusals0 = stats.refusals.get();
        long pushes0 = stats.pushes.get();
        int minConnected = stats.connected.get();
        LatencyHistogram.Snapshot hold = LatencyHistogram.Snapshot.empty();
        long holdStart = System.nanoTime();
        long holdEnd = holdStart + TimeUnit.SECONDS.toNanos(holdS);
        while (System.nanoTime() < holdEnd) {
            long next = Math.min(holdEnd, System.nanoTime() + REPORT.toNanos());
            while (System.nanoTime() < next) {
                TimeUnit.MILLISECONDS.sleep(50);
                minConnected = Math.min(minConnected, stats.connected.get());
            }
            LatencyHistogram.Snapshot s = stats.rtt.snapshotAndReset();
            hold = hold.plus(s);
            progress("hold", holdStart, stats, s);
        }
        System.out.printf(Locale.ROOT, "SWARM held: agents=%d connected_at_end=%d min_connected=%d hold_s=%d%n",
                n, stats.connected.get(), minConnected, holdS);
        System.out.printf(Locale.ROOT, "SWARM hold: refusals=%d disconnects=%d missed_leases=%d pushes=%d first_disconnect=%s%n",
                stats.refusals.get() - refusals0, stats.disconnects.get() - disconnects0, stats.lapses.get() - lapses0,
                stats.pushes.get() - pushes0, stats.firstDisconnect.get());
        System.out.printf(Locale.ROOT, "SWARM rtt: heartbeats=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f%n", hold.count(),
                hold.percentileMicros(50) / 1000.0, hold.percentileMicros(99) / 1000.0, hold.maxMicros() / 1000.0);
        System.out.println("SWARM disconnect reasons: " + stats.reasons());
        System.out.printf(Locale.ROOT, "SWARM total: welcomes=%d refusals=%d disconnects=%d missed_leases=%d pushes=%d push_mib=%.1f%n",
                stats.welcomes.get(), stats.refusals.get(), stats.disconnects.get(), stats.lapses.get(), stats.pushes.get(),
                stats.pushBytes.get() / 1048576.0);
        System.out.flush();
        Runtime.getRuntime().halt(0); // closing 10,000 sessions one by one adds nothing to the figures
    }

    private static void progress(String phase, long since, SwarmStats stats, LatencyHistogram.Snapshot rtt) {
        System.out.printf(Locale.ROOT, "%s +%5.1f s: connected=%d refusals=%d disconnects=%d missed_leases=%d pushes=%d%s%n",
                phase, (System.nanoTime() - since) / 1e9, stats.connected.get(), stats.refusals.get(), stats.disconnects.get(),
                stats.lapses.get(), stats.pushes.get(), rtt == null ? "" : " rtt " + rtt);
    }

    /** Every 100 ms: any connected agent whose lease ended before its renewal came back. */
    private static void checkLeases(List<SimulatedAgent> agents, SwarmStats stats) {
        while (true) {
            long now = SwarmStats.micros(Instant.now());
            SimulatedAgent[] all;
            synchronized (agents) {
                all = agents.toArray(SimulatedAgent[]::new);
            }
            for (SimulatedAgent a : all) {
                a.checkLease(now);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
