package dev.fabric.protocol.server;

import dev.fabric.protocol.frame.Framing;
import dev.fabric.protocol.metrics.LatencyHistogram;
import dev.fabric.protocol.transport.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The controller's agent port: mutual TLS 1.3, then length-prefixed protobuf frames. Agents dial in;
 * the controller never dials a host. Refused connections (TLS failure, plain TCP, wrong version, not a
 * host's certificate, not admitted) are logged with the remote address and closed.
 */
public final class LinkServer implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;
    private final LatencyHistogram heartbeatTimes;
    private final ExecutorService handshakes;

    private LinkServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel, LatencyHistogram heartbeatTimes,
                       ExecutorService handshakes) {
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
        this.heartbeatTimes = heartbeatTimes;
        this.handshakes = handshakes;
    }

    /** @throws IllegalStateException naming the address when it cannot bind (e.g. the port is in use) */
    public static LinkServer start(InetSocketAddress bind, SslContext ssl, LinkServerSettings settings, AgentLinkHandler handler) {
        EventLoopGroup boss = Transports.group(1);
        EventLoopGroup workers = Transports.group(settings.workerThreads());
        LatencyHistogram heartbeatTimes = new LatencyHistogram();
        // The handshakes' public-key work runs on one thread of its own, not on the event loops: a crowd of
        // agents (re)connecting at once then waits its turn instead of delaying the heartbeats of the
        // agents already admitted until their leases end (decision 0670).
        ExecutorService handshakes = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "agent-link-handshake");
            t.setDaemon(true);
            return t;
        });
        try {
            Channel ch = new ServerBootstrap().group(boss, workers).channel(Transports.serverChannel(boss))
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            SslHandler tls = ssl.newHandler(c.alloc(), handshakes);
                            tls.setHandshakeTimeoutMillis(settings.handshakeTimeout().toMillis());
                            c.pipeline().addLast("tls", tls);
                            c.pipeline().addLast("idle", new IdleStateHandler(settings.idleTimeout().toMillis(), 0, 0,
                                    TimeUnit.MILLISECONDS));
                            Framing.addTo(c.pipeline());
                            c.pipeline().addLast("session", new ServerSessionHandler(handler, settings, heartbeatTimes));
                        }
                    }).bind(bind).syncUninterruptibly().channel();
            return new LinkServer(boss, workers, ch, heartbeatTimes, handshakes);
        } catch (RuntimeException e) {
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            handshakes.shutdownNow();
            throw new IllegalStateException("cannot listen for agents on " + bind + ": " + e.getMessage(), e);
        }
    }

    /**
     * How long each heartbeat took on its event loop: from the decoded frame to the ack written to the
     * socket (the handler's lease work, encoding, encryption). The controller logs it periodically.
     */
    public LatencyHistogram heartbeatTimes() {
        return heartbeatTimes;
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        handshakes.shutdownNow();
    }
}
