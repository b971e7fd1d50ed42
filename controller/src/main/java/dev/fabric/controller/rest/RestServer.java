package dev.fabric.controller.rest;

import dev.fabric.controller.api.ControllerApi;
import dev.fabric.protocol.tls.TlsContexts;
import dev.fabric.protocol.tls.TlsFiles;
import dev.fabric.protocol.tls.TlsSetupException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The controller's REST API: HTTPS only (TLS 1.3), a client certificate of the fabric's CA required,
 * operators only (docs/decisions/0650). Start with {@link #start}, stop with {@link #close}.
 */
public final class RestServer implements AutoCloseable {
    /** The API's port unless told otherwise; the CLI's --controller default is 127.0.0.1:DEFAULT_PORT. */
    public static final int DEFAULT_PORT = 7443;
    /** One request: a csdef and a cscfg of up to 4 MiB each, JSON-escaped, fit. */
    public static final int MAX_REQUEST_BYTES = 10 * 1024 * 1024;
    static final int API_THREADS = 4;
    static final int QUEUED_CALLS = 64;
    static final int IDLE_SECONDS = 120;

    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);

    private final EventLoopGroup group;
    private final ThreadPoolExecutor executor;
    private final Channel channel;

    private RestServer(EventLoopGroup group, ThreadPoolExecutor executor, Channel channel) {
        this.group = group;
        this.executor = executor;
        this.channel = channel;
    }

    /**
     * Binds the API to {@code address} (port 0: any free port, see {@link #port()}).
     *
     * @param tls the controller's certificate, key and the fabric CA, the same files as the agent link's
     * @throws TlsSetupException when the TLS files are unusable (message for people)
     * @throws IllegalStateException when the address cannot be bound (message for people)
     */
    public static RestServer start(InetSocketAddress address, TlsFiles tls, ControllerApi api) {
        // the agent link's context: TLS 1.3, the JDK provider, a client certificate of the fabric's CA required
        SslContext ssl = TlsContexts.server(tls);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(API_THREADS, API_THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED_CALLS), r -> {
            Thread t = new Thread(r, "fabric-api-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        EventLoopGroup group = new NioEventLoopGroup(2);
        try {
            Channel channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ChannelPipeline p = ch.pipeline();
                            p.addLast(new ReadTimeoutHandler(IDLE_SECONDS));
                            p.addLast(ssl.newHandler(ch.alloc()));
                            p.addLast(new OperatorGate());
                            p.addLast(new HttpServerCodec(4096, 8192, 65536));
                            p.addLast(new BoundedAggregator());
                            // hands on one request per read(): with auto-read off while a call runs, pipelined requests wait their turn
                            p.addLast(new FlowControlHandler());
                            p.addLast(new ApiHandler(api, executor));
                        }
                    })
                    .bind(address).syncUninterruptibly().channel();
            RestServer server = new RestServer(group, executor, channel);
            LOG.info("REST API listening on {} (TLS 1.3, operator certificates of {})", channel.localAddress(), tls.caCertificate());
            return server;
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            executor.shutdownNow();
            throw new IllegalStateException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops accepting, closes connections, waits briefly for calls in flight. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.info("REST API on {} stopped", channel.localAddress());
    }

    /** Aggregates bodies up to {@link #MAX_REQUEST_BYTES}; a bigger one gets a JSON 413 and the connection closes. */
    private static final class BoundedAggregator extends HttpObjectAggregator {
        BoundedAggregator() {
            super(MAX_REQUEST_BYTES, true);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            RequestError e = RequestError.tooLarge("the request is larger than " + (MAX_REQUEST_BYTES / (1024 * 1024))
                    + " MiB (a .csdef and a .cscfg may be up to 4 MiB each)");
            LoggerFactory.getLogger(ApiHandler.class).warn("API refused {}: {}", ctx.channel().remoteAddress(), e.getMessage());
            Responses.send(ctx, Responses.error(e), false);
        }
    }
}
