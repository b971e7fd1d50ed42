package dev.fabric.agent.health;

import dev.fabric.servicedef.model.HealthProbe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Probes instances from the host: a TCP connect, or an HTTP/1.1 GET of the probe's path expecting
 * status 200. Every probe is bounded by one deadline covering connect, request and status line. Probes
 * run concurrently on the given pool, one blocking socket each (a probe costs a thread for at most the
 * deadline; the pool size bounds how many run at once).
 *
 * <p>HTTP is written by hand rather than with java.net.http so that the socket is made by
 * {@link SocketSource} (which decides the network namespace) and nothing else opens connections.
 */
public final class InstanceProber {
    private static final int MAX_STATUS_LINE = 512;

    private final SocketSource sockets;
    private final ExecutorService pool;
    private final Clock clock;

    public InstanceProber(SocketSource sockets, ExecutorService pool, Clock clock) {
        this.sockets = sockets;
        this.pool = pool;
        this.clock = clock;
    }

    /** Runs the probe on the pool. The future never fails: every problem is a failed outcome. */
    public CompletableFuture<ProbeOutcome> probeAsync(InetAddress address, HealthProbe probe, Duration deadline) {
        return CompletableFuture.supplyAsync(() -> probe(address, probe, deadline), pool);
    }

    /** Probes once, blocking for at most about {@code deadline}. */
    public ProbeOutcome probe(InetAddress address, HealthProbe probe, Duration deadline) {
        Instant start = clock.instant();
        long endNanos = System.nanoTime() + deadline.toNanos();
        try (SocketChannel channel = sockets.open()) {
            Socket socket = channel.socket();
            socket.connect(new InetSocketAddress(address, probe.port()), remainingMillis(endNanos, deadline));
            if (probe.protocol() == HealthProbe.Protocol.TCP) {
                return ProbeOutcome.ok(start);
            }
            return httpGet(socket, address, probe, endNanos, deadline, start);
        } catch (SocketTimeoutException e) {
            return ProbeOutcome.failed(start, "no answer within " + seconds(deadline));
        } catch (ConnectException e) {
            return ProbeOutcome.failed(start, lower(e, "connection refused"));
        } catch (NoRouteToHostException e) {
            return ProbeOutcome.failed(start, "no route to host");
        } catch (IOException | RuntimeException e) {
            return ProbeOutcome.failed(start, lower(e, e.getClass().getSimpleName()));
        }
    }

    private static ProbeOutcome httpGet(Socket socket, InetAddress address, HealthProbe probe, long endNanos,
                                        Duration deadline, Instant start) throws IOException {
        String request = "GET " + probe.path() + " HTTP/1.1\r\nHost: " + address.getHostAddress() + ":" + probe.port()
                + "\r\nUser-Agent: fabric-agent-health\r\nAccept: */*\r\nConnection: close\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = readStatusLine(socket, endNanos, deadline);
        if (status == null) {
            return ProbeOutcome.failed(start, "connection closed before an HTTP status line");
        }
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            return ProbeOutcome.failed(start, "not an HTTP answer: \"" + printable(status) + "\"");
        }
        return parts[1].equals("200") ? ProbeOutcome.ok(start) : ProbeOutcome.failed(start, "HTTP " + printable(status.substring(status.indexOf(' ') + 1)));
    }

    /** The first line of the answer, or null at end of stream; every read is bounded by the deadline. */
    private static String readStatusLine(Socket socket, long endNanos, Duration deadline) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        while (line.length() < MAX_STATUS_LINE) {
            socket.setSoTimeout(remainingMillis(endNanos, deadline));
            int b = in.read();
            if (b < 0) {
                return line.length() == 0 ? null : line.toString();
            }
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static int remainingMillis(long endNanos, Duration deadline) throws SocketTimeoutException {
        long left = (endNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline of " + deadline + " passed");
        }
        return (int) Math.min(left, Integer.MAX_VALUE);
    }

    private static String lower(Exception e, String fallback) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? fallback : m.toLowerCase(java.util.Locale.ROOT);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String printable(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }
}
