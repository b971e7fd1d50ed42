package dev.fabric.firewall.verify;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Iterator;
import java.util.Optional;

/**
 * A TCP connect scanner: one thread, one {@link Selector}, many non-blocking connects in flight.
 * A port is open when the handshake completes, closed when the target refuses, filtered when the
 * timeout passes without an answer. No raw sockets, so no privileges are needed.
 *
 * <p>Attempts all get the same timeout and start in order, so their deadlines are in order too: a
 * queue in start order finds the expired ones from its head. Each socket has SO_LINGER 0, so a
 * completed connection is closed with a reset and leaves no TIME_WAIT behind on either side.
 */
public final class TcpConnectScanner {

    /** The kernel picks another source port next time; three self-connects in a row would be a bug. */
    private static final int MAX_SELF_CONNECTS = 3;

    private final ScanOptions options;

    public TcpConnectScanner(ScanOptions options) {
        this.options = options;
    }

    /** Scans the given ports of {@code target}; runs on the calling thread (and its network namespace). */
    public ScanResult scan(InetAddress target, PortSet ports) {
        long started = System.nanoTime();
        int concurrency = FileDescriptorBudget.cap(options.concurrency());
        try (Selector selector = Selector.open()) {
            Run run = new Run(selector, target, ports.toArray(), concurrency, options.timeout().toNanos());
            run.execute();
            return new ScanResult(target, ports, run.portsIn(run.open), run.portsIn(run.closed),
                    Duration.ofNanos(System.nanoTime() - started), concurrency);
        } catch (IOException e) {
            throw new ScanException("cannot scan " + target.getHostAddress() + ": " + e.getMessage(), e);
        }
    }

    /** One connect attempt in flight. */
    private static final class Attempt {
        final int port;
        final SocketChannel channel;
        final long deadline;
        boolean finished;

        Attempt(int port, SocketChannel channel, long deadline) {
            this.port = port;
            this.channel = channel;
            this.deadline = deadline;
        }
    }

    /** The state of one scan. */
    private static final class Run {
        private final Selector selector;
        private final InetAddress target;
        private final int[] ports;
        private final long timeoutNanos;
        private final ArrayDeque<Attempt> inFlight = new ArrayDeque<>();
        private final BitSet open = new BitSet();
        private final BitSet closed = new BitSet();
        private final ArrayDeque<Integer> retries = new ArrayDeque<>();
        private final int[] selfConnects = new int[PortSet.MAX_PORT + 1];
        private int limit;
        private int next;
        private int live;

        Run(Selector selector, InetAddress target, int[] ports, int concurrency, long timeoutNanos) {
            this.selector = selector;
            this.target = target;
            this.ports = ports;
            this.limit = concurrency;
            this.timeoutNanos = timeoutNanos;
        }

        void execute() throws IOException {
            try {
                while (next < ports.length || !retries.isEmpty() || live > 0) {
                    startAttempts();
                    selector.select(millisToNextDeadline());
                    finishSelected();
                    expireOverdue();
                    // Closed channels keep their descriptor until the selector's next pass; free
                    // them now, before the next round of attempts opens new sockets.
                    selector.selectNow();
                    finishSelected();
                }
            } finally {
                for (Attempt attempt : inFlight) {
                    closeQuietly(attempt.channel); // only left over when the scan was aborted
                }
            }
        }

        private void startAttempts() {
            while (live < limit && (next < ports.length || !retries.isEmpty())) {
                int port = retries.isEmpty() ? ports[next++] : retries.pollFirst();
                SocketChannel channel = null;
                try {
                    channel = SocketChannel.open();
                    channel.configureBlocking(false);
                    channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                    if (channel.connect(new InetSocketAddress(target, port))) {
                        connected(port, channel);
                        closeQuietly(channel);
                        continue;
                    }
                    Attempt attempt = new Attempt(port, channel, System.nanoTime() + timeoutNanos);
                    channel.register(selector, SelectionKey.OP_CONNECT, attempt);
                    inFlight.addLast(attempt);
                    live++;
                } catch (IOException e) {
                    closeQuietly(channel);
                    if (ConnectFailures.isLocalShortage(e)) {
                        retries.addFirst(port); // try it again once some attempts in flight have finished
                        throttle(e, port);
                        return;
                    }
                    record(port, e);
                }
            }
        }

        /** Out of descriptors or ephemeral ports: keep fewer attempts in flight from now on. */
        private void throttle(IOException shortage, int port) {
            if (live == 0) {
                throw new ScanException("cannot open a socket to " + target.getHostAddress() + " port " + port
                        + " even with nothing else in flight: " + shortage.getMessage()
                        + "; raise 'ulimit -n' or lower --concurrency", shortage);
            }
            limit = Math.max(1, live);
        }

        private long millisToNextDeadline() {
            Attempt head = oldestUnfinished();
            if (head == null) {
                return 1;
            }
            long nanos = head.deadline - System.nanoTime();
            return Math.max(1, (nanos + 999_999) / 1_000_000);
        }

        private Attempt oldestUnfinished() {
            while (!inFlight.isEmpty() && inFlight.peekFirst().finished) {
                inFlight.pollFirst();
            }
            return inFlight.peekFirst();
        }

        private void finishSelected() {
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                Attempt attempt = (Attempt) key.attachment();
                if (!attempt.finished) {
                    conclude(attempt, false);
                }
            }
        }

        private void expireOverdue() {
            long now = System.nanoTime();
            Attempt head;
            while ((head = oldestUnfinished()) != null && head.deadline - now <= 0) {
                conclude(head, true);
            }
        }

        /** Reads the attempt's outcome from the socket; a last look even at expiry, so a late answer still counts. */
        private void conclude(Attempt attempt, boolean expired) {
            attempt.finished = true;
            live--;
            try {
                if (attempt.channel.finishConnect()) {
                    connected(attempt.port, attempt.channel);
                } else if (!expired) {
                    // Selected but not yet connected: cannot happen for OP_CONNECT; keep waiting.
                    attempt.finished = false;
                    live++;
                    return;
                }
                // else: still no answer at the deadline -> filtered (not recorded)
            } catch (IOException e) {
                record(attempt.port, e);
            }
            closeQuietly(attempt.channel);
        }

        /**
         * A completed handshake means open, unless the kernel picked the target port itself as our
         * ephemeral source port on the same address: TCP then connects the socket to itself
         * (simultaneous open) although nothing listens. Such a port is tried again.
         */
        private void connected(int port, SocketChannel channel) throws IOException {
            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
            boolean toItself = local != null && local.getPort() == port && local.getAddress().equals(target);
            if (!toItself) {
                open.set(port);
            } else if (++selfConnects[port] <= MAX_SELF_CONNECTS) {
                retries.addLast(port);
            } else {
                throw new ScanException("port " + port + " of " + target.getHostAddress() + " connected to itself "
                        + MAX_SELF_CONNECTS + " times; cannot tell whether something listens there", null);
            }
        }

        private void record(int port, IOException failure) {
            Optional<PortState> state = ConnectFailures.portState(failure);
            if (state.isEmpty()) {
                throw new ScanException("connecting to " + target.getHostAddress() + " port " + port
                        + " failed in an unexpected way: " + failure.getMessage(), failure);
            }
            if (state.get() == PortState.CLOSED) {
                closed.set(port);
            } else if (state.get() == PortState.OPEN) {
                open.set(port);
            }
            // FILTERED: not recorded, it is what remains
        }

        PortSet portsIn(BitSet bits) {
            return PortSet.of(bits.stream().boxed().toList());
        }

        private static void closeQuietly(SocketChannel channel) {
            if (channel == null) {
                return;
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a socket we are done with; nothing useful to do
            }
        }
    }
}
