package dev.fabric.protocol.client;

import dev.fabric.protocol.frame.Framing;
import dev.fabric.protocol.tls.PeerIdentity;
import dev.fabric.protocol.transport.Transports;
import dev.fabric.protocol.v1.Envelope;
import dev.fabric.protocol.v1.Heartbeat;
import dev.fabric.protocol.v1.Hello;
import dev.fabric.protocol.v1.StatusReport;
import dev.fabric.protocol.v1.VerifyResult;
import dev.fabric.protocol.v1.Welcome;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The agent's end of the link: dials the controller (the agent listens on no port), checks that the
 * server is the fabric's controller (CA, {@code OU=controller}, and the address in its certificate),
 * sends Hello, then a heartbeat every interval the Welcome names, and delivers desired states and lease
 * renewals to its {@link LinkListener}. Any loss (refused connection, TLS failure, refusal, nothing heard
 * for three heartbeat intervals) leads to a reconnect after a {@link Backoff} delay. Many clients can
 * share one event loop group (the controller benchmark runs thousands in one JVM).
 */
public final class LinkClient implements AutoCloseable {
    /** What goes into each heartbeat besides sequence and time (desired generation, unreachable peers). */
    @FunctionalInterface
    public interface HeartbeatContent {
        void fill(Heartbeat.Builder heartbeat);
    }

    private static final AtomicLong SESSIONS = new AtomicLong();

    private final EventLoopGroup group;
    private final SslContext ssl;
    private final String host;
    private final int port;
    private final Supplier<Hello> hello;
    private final HeartbeatContent content;
    private final LinkListener listener;
    private final Backoff backoff;
    private final Clock clock;
    private final Consumer<String> log;
    private volatile boolean closed;
    private volatile Channel channel;
    private volatile long session;

    public LinkClient(EventLoopGroup group, SslContext ssl, String host, int port, Supplier<Hello> hello,
                      HeartbeatContent content, LinkListener listener, Backoff backoff, Clock clock, Consumer<String> log) {
        this.group = group;
        this.ssl = ssl;
        this.host = host;
        this.port = port;
        this.hello = hello;
        this.content = content;
        this.listener = listener;
        this.backoff = backoff;
        this.clock = clock;
        this.log = log;
    }

    public void start() {
        connect();
    }

    /** True between the Welcome and the loss of the connection. */
    public boolean connected() {
        Channel c = channel;
        return c != null && c.isActive() && session != 0;
    }

    /** Sends a status report if connected; dropped otherwise (the next Hello carries the instances anyway). */
    public boolean send(StatusReport report) {
        return sendIfConnected(Envelope.newBuilder().setStatusReport(report).build());
    }

    /** Answers a verify request if connected; dropped otherwise (the controller reports the host as not answering). */
    public boolean send(VerifyResult result) {
        return sendIfConnected(Envelope.newBuilder().setVerifyResult(result).build());
    }

    private boolean sendIfConnected(Envelope message) {
        Channel c = channel;
        if (c == null || !c.isActive() || session == 0) {
            return false;
        }
        c.writeAndFlush(message, c.voidPromise());
        return true;
    }

    @Override
    public void close() {
        closed = true;
        Channel c = channel;
        if (c != null) {
            c.close().syncUninterruptibly();
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        Bootstrap b = new Bootstrap().group(group).channel(Transports.clientChannel(group))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000).option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        SslHandler tls = ssl.newHandler(c.alloc(), host, port);
                        SSLEngine engine = tls.engine();
                        SSLParameters params = engine.getSSLParameters();
                        params.setEndpointIdentificationAlgorithm("HTTPS"); // the controller's certificate must name this address
                        engine.setSSLParameters(params);
                        tls.setHandshakeTimeoutMillis(10_000);
                        c.pipeline().addLast("tls", tls);
                        Framing.addTo(c.pipeline());
                        c.pipeline().addLast("session", new Session());
                    }
                });
        ChannelFuture f = b.connect(host, port);
        channel = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                lost("cannot connect to " + host + ":" + port + ": " + rootMessage(done.cause()), backoff.next());
            }
        });
    }

    private void lost(String reason, Duration retryIn) {
        session = 0;
        if (closed) {
            return;
        }
        log.accept("controller link: " + reason + "; retrying in " + retryIn.toMillis() + " ms");
        listener.onDisconnected(reason);
        group.schedule(this::connect, retryIn.toMillis(), TimeUnit.MILLISECONDS);
    }

    private final class Session extends SimpleChannelInboundHandler<Envelope> {
        private final Map<Long, Instant> sent = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Instant> e) {
                return size() > 64;
            }
        };
        private long sequence;
        private long id;
        private ScheduledFuture<?> beats;
        private String reason;
        private Duration retryIn;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent done) {
                if (!done.isSuccess()) {
                    reason = "TLS handshake with " + host + ":" + port + " failed: " + rootMessage(done.cause());
                    ctx.close();
                    return;
                }
                PeerIdentity server = PeerIdentity.of(ctx.pipeline().get(SslHandler.class).engine().getSession()).orElse(null);
                if (server == null || !server.unit().equals("controller")) {
                    reason = host + ":" + port + " presented " + server + ", not the fabric controller's certificate (OU=controller)";
                    ctx.close();
                    return;
                }
                ctx.writeAndFlush(Envelope.newBuilder().setHello(hello.get()).build());
            } else if (evt instanceof IdleStateEvent) {
                reason = "nothing heard from the controller for three heartbeat intervals";
                ctx.close();
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Envelope msg) {
            switch (msg.getBodyCase()) {
                case WELCOME -> welcome(ctx, msg.getWelcome());
                case REFUSAL -> {
                    reason = "refused by the controller: " + msg.getRefusal().getReason();
                    boolean version = msg.getRefusal().getReason().startsWith("protocol version");
                    retryIn = version ? backoff.longest() : null;
                    listener.onRefused(msg.getRefusal());
                    ctx.close();
                }
                case DESIRED_STATE -> {
                    if (id != 0) {
                        listener.onDesiredState(id, msg.getDesiredState());
                    }
                }
                case VERIFY_REQUEST -> {
                    if (id != 0) {
                        listener.onVerifyRequest(id, msg.getVerifyRequest());
                    }
                }
                case HEARTBEAT_ACK -> {
                    Instant at = sent.remove(msg.getHeartbeatAck().getSequence());
                    if (at != null && id != 0) {
                        listener.onLeaseRenewed(id, at, msg.getHeartbeatAck());
                    }
                }
                default -> {
                    reason = "unexpected " + msg.getBodyCase() + " from the controller";
                    ctx.close();
                }
            }
        }

        private void welcome(ChannelHandlerContext ctx, Welcome w) {
            id = SESSIONS.incrementAndGet();
            session = id;
            backoff.reset();
            long interval = Math.max(50, w.getHeartbeatIntervalMs());
            ctx.pipeline().addBefore("frame-decoder", "idle", new IdleStateHandler(3 * interval, 0, 0, TimeUnit.MILLISECONDS));
            listener.onWelcome(id, w);
            beats = ctx.executor().scheduleAtFixedRate(() -> beat(ctx), 0, interval, TimeUnit.MILLISECONDS);
        }

        private void beat(ChannelHandlerContext ctx) {
            Instant now = clock.instant();
            Heartbeat.Builder hb = Heartbeat.newBuilder().setSequence(++sequence).setSentAtUnixMs(now.toEpochMilli());
            content.fill(hb);
            sent.put(sequence, now);
            ctx.writeAndFlush(Envelope.newBuilder().setHeartbeat(hb).build(), ctx.voidPromise());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (reason == null) {
                reason = rootMessage(cause);
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (beats != null) {
                beats.cancel(false);
            }
            lost(reason != null ? reason : "connection to " + host + ":" + port + " closed",
                    retryIn != null ? retryIn : backoff.next());
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
