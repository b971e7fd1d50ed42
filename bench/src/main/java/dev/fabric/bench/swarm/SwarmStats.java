package dev.fabric.bench.swarm;

import dev.fabric.protocol.metrics.LatencyHistogram;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** What the swarm counts, from the agents' side. All counters are safe from any thread. */
final class SwarmStats {
    final AtomicInteger connected = new AtomicInteger();
    final AtomicLong welcomes = new AtomicLong();
    final AtomicLong refusals = new AtomicLong();
    final AtomicLong disconnects = new AtomicLong();
    final AtomicLong lapses = new AtomicLong();
    final AtomicLong pushes = new AtomicLong();
    final AtomicLong pushBytes = new AtomicLong();
    final AtomicReference<String> firstRefusal = new AtomicReference<>();
    final AtomicReference<String> firstDisconnect = new AtomicReference<>();
    private final java.util.concurrent.ConcurrentHashMap<String, Long> reasons = new java.util.concurrent.ConcurrentHashMap<>();
    /** Heartbeat round trip: send to HeartbeatAck, both on the agent's clock. */
    final LatencyHistogram rtt = new LatencyHistogram();

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }

    void welcomed() {
        connected.incrementAndGet();
        welcomes.incrementAndGet();
    }

    void refused(String reason) {
        refusals.incrementAndGet();
        firstRefusal.compareAndSet(null, reason);
    }

    void disconnected(String reason) {
        connected.decrementAndGet();
        disconnects.incrementAndGet();
        firstDisconnect.compareAndSet(null, reason);
        reasons.merge(reason.replaceAll("[0-9]+", "N"), 1L, Long::sum);
    }

    /** Disconnect reasons (numbers masked), most frequent first. */
    String reasons() {
        return reasons.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed()).limit(4)
                .map(e -> e.getValue() + "x " + e.getKey()).toList().toString();
    }

    void pushed(int bytes) {
        pushes.incrementAndGet();
        pushBytes.addAndGet(bytes);
    }

    void acked(long rttMicros) {
        rtt.recordMicros(rttMicros);
    }

    void leaseLapsed() {
        lapses.incrementAndGet();
    }
}
