package dev.fabric.protocol.server;

import dev.fabric.protocol.LinkVersion;
import dev.fabric.protocol.metrics.LatencyHistogram;
import dev.fabric.protocol.tls.PeerIdentity;
import dev.fabric.protocol.v1.Envelope;
import dev.fabric.protocol.v1.Hello;
import dev.fabric.protocol.v1.Refusal;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One agent connection on the server: TLS identity, then Hello (version, host certificate, name,
 * admission), then heartbeats and status reports. Anything out of order closes the session.
 */
final class ServerSessionHandler extends SimpleChannelInboundHandler<Envelope> {
    private static final System.Logger LOG = System.getLogger(LinkServer.class.getName());

    private final AgentLinkHandler handler;
    private final LinkServerSettings settings;
    private final LatencyHistogram heartbeatTimes;
    private PeerIdentity identity;
    private AgentSession session;
    private ScheduledFuture<?> helloDeadline;
    private String closeReason = "connection closed by the agent";

    ServerSessionHandler(AgentLinkHandler handler, LinkServerSettings settings, LatencyHistogram heartbeatTimes) {
        this.handler = handler;
        this.settings = settings;
        this.heartbeatTimes = heartbeatTimes;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        helloDeadline = ctx.executor().schedule(() -> {
            if (session == null) {
                refuse(ctx, "no TLS handshake and Hello within " + settings.handshakeTimeout().toMillis() + " ms", false);
            }
        }, settings.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (!done.isSuccess()) {
                log(ctx, "TLS handshake failed: " + message(done.cause()));
                ctx.close();
                return;
            }
            identity = PeerIdentity.of(ctx.pipeline().get(SslHandler.class).engine().getSession()).orElse(null);
        } else if (evt instanceof IdleStateEvent) {
            closeReason = "nothing received for " + settings.idleTimeout().toMillis() + " ms";
            log(ctx, closeReason);
            ctx.close();
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Envelope msg) {
        if (session == null) {
            if (!msg.hasHello()) {
                refuse(ctx, "the first message must be Hello, was " + msg.getBodyCase(), true);
                return;
            }
            hello(ctx, msg.getHello());
            return;
        }
        switch (msg.getBodyCase()) {
            case HEARTBEAT -> {
                long start = System.nanoTime();
                ctx.writeAndFlush(Envelope.newBuilder()
                        .setHeartbeatAck(handler.onHeartbeat(session, msg.getHeartbeat())).build(), ctx.voidPromise());
                heartbeatTimes.recordNanos(System.nanoTime() - start); // handled, encoded, encrypted, written to the socket
            }
            case STATUS_REPORT -> handler.onStatus(session, msg.getStatusReport());
            case VERIFY_RESULT -> handler.onVerifyResult(session, msg.getVerifyResult());
            default -> {
                closeReason = "unexpected " + msg.getBodyCase() + " from an agent";
                log(ctx, closeReason);
                ctx.close();
            }
        }
    }

    private void hello(ChannelHandlerContext ctx, Hello hello) {
        if (!LinkVersion.supported(hello.getProtocolVersion())) {
            refuse(ctx, "protocol version " + hello.getProtocolVersion() + " is not supported; this controller speaks "
                    + LinkVersion.LOWEST + " to " + LinkVersion.HIGHEST, true);
            return;
        }
        if (identity == null || !identity.unit().equals("host")) {
            refuse(ctx, "certificate " + identity + " is not a host's (OU=host); issue one with fabric ca issue --host NAME", true);
            return;
        }
        if (!identity.commonName().equals(hello.getHostName())) {
            refuse(ctx, "Hello names host '" + hello.getHostName() + "' but the certificate is " + identity, true);
            return;
        }
        Admission admission;
        try {
            admission = handler.admit(identity, hello, ctx.channel().remoteAddress());
        } catch (RuntimeException e) {
            admission = Admission.refuse("the controller could not decide: " + e.getMessage());
        }
        if (admission.welcome().isEmpty()) {
            refuse(ctx, admission.refusal(), true);
            return;
        }
        helloDeadline.cancel(false);
        session = new AgentSession(ctx.channel(), identity, hello);
        ctx.writeAndFlush(Envelope.newBuilder().setWelcome(admission.welcome().get()).build());
        handler.onAdmitted(session);
    }

    private void refuse(ChannelHandlerContext ctx, String reason, boolean tell) {
        log(ctx, "refused: " + reason);
        if (tell && ctx.channel().isActive()) {
            ctx.writeAndFlush(Envelope.newBuilder().setRefusal(Refusal.newBuilder().setReason(reason)
                    .setLowestSupportedVersion(LinkVersion.LOWEST).setHighestSupportedVersion(LinkVersion.HIGHEST)).build())
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause.getCause() != null && cause instanceof io.netty.handler.codec.DecoderException ? cause.getCause() : cause;
        if (root instanceof NotSslRecordException) {
            closeReason = "not TLS (plain TCP or HTTP?)";
        } else if (root instanceof TooLongFrameException) {
            closeReason = "frame longer than the limit: " + root.getMessage();
        } else {
            closeReason = message(root);
        }
        log(ctx, closeReason);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (helloDeadline != null) {
            helloDeadline.cancel(false);
        }
        if (session != null) {
            handler.onClosed(session, closeReason);
        }
        ctx.fireChannelInactive();
    }

    private void log(ChannelHandlerContext ctx, String what) {
        String who = session != null ? session.toString() : identity != null ? identity + "@" + ctx.channel().remoteAddress()
                : String.valueOf(ctx.channel().remoteAddress());
        LOG.log(System.Logger.Level.WARNING, "agent link " + who + ": " + what);
    }

    private static String message(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
