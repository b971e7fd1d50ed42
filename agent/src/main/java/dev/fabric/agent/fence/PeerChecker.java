package dev.fabric.agent.fence;

import dev.fabric.agent.managed.FabricPeer;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks which other hosts of the fabric answer an ICMP echo, all at once, each within a timeout. ICMP
 * needs no listening port on any agent (the kernel answers), and as root the JDK sends a real echo
 * request. Each round runs on fresh threads started by the caller's thread, so it checks from the
 * caller's network namespace.
 */
public final class PeerChecker {
    private final Duration timeout;
    private final Clock clock;

    public PeerChecker(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
    }

    /** One round: how many answered, and which. */
    public record Round(PeerCheck check, java.util.Set<String> answered) {
    }

    public PeerCheck check(List<FabricPeer> peers) {
        return round(peers).check();
    }

    public Round round(List<FabricPeer> peers) {
        Instant started = clock.instant();
        java.util.Set<String> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger reachable = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (FabricPeer p : peers) {
            Thread t = new Thread(() -> {
                if (answers(p)) {
                    answered.add(p.name());
                    reachable.incrementAndGet();
                }
            }, "peer-check-" + p.name());
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        long deadline = System.nanoTime() + timeout.toNanos() + 200_000_000L;
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        java.util.Set<String> names = java.util.Set.copyOf(answered);
        return new Round(new PeerCheck(peers.size(), names.size(), started), names);
    }

    private boolean answers(FabricPeer p) {
        try {
            return InetAddress.getByAddress(new byte[]{(byte) p.address().octet(0), (byte) p.address().octet(1),
                    (byte) p.address().octet(2), (byte) p.address().octet(3)}).isReachable((int) timeout.toMillis());
        } catch (IOException e) {
            return false; // no route, network down: not reachable
        }
    }
}
