package dev.fabric.controller.rest;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/**
 * Decides who is on the other end once TLS is done. The TLS layer already refused clients without a
 * certificate of the fabric's CA (the handshake fails: no HTTP at all, logged here); this gate reads the
 * certificate's subject and admits only {@code OU=operator}. Another kind (a host's certificate) is kept
 * as a refusal that every request on the connection gets as 403, so the client learns why.
 */
final class OperatorGate extends ChannelInboundHandlerAdapter {
    static final AttributeKey<String> OPERATOR = AttributeKey.valueOf("fabric.operator");
    static final AttributeKey<String> REFUSAL = AttributeKey.valueOf("fabric.refusal");
    static final String OPERATOR_UNIT = "operator";

    private static final Logger LOG = LoggerFactory.getLogger(OperatorGate.class);

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                admit(ctx);
            } else {
                LOG.warn("API refused {}: {}", ctx.channel().remoteAddress(), why(done.cause()));
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    private static void admit(ChannelHandlerContext ctx) {
        String subject;
        try {
            Certificate[] chain = ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
            subject = ((X509Certificate) chain[0]).getSubjectX500Principal().getName();
        } catch (SSLPeerUnverifiedException e) {
            LOG.warn("API refused {}: no client certificate", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        String unit = attribute(subject, "OU");
        String name = attribute(subject, "CN");
        if (OPERATOR_UNIT.equals(unit) && name != null) {
            ctx.channel().attr(OPERATOR).set(name);
            LOG.debug("API connection from {} as operator {}", ctx.channel().remoteAddress(), name);
        } else {
            String refusal = "the client certificate " + subject + " is not an operator's (OU=" + unit
                    + "); the API takes only operator certificates: fabric ca issue --operator NAME";
            ctx.channel().attr(REFUSAL).set(refusal);
            LOG.warn("API refused {}: certificate {} is not an operator's (OU={})", ctx.channel().remoteAddress(), subject, unit);
        }
    }

    /** One attribute of an RFC 2253 subject, null if absent. */
    static String attribute(String subject, String type) {
        try {
            for (Rdn rdn : new LdapName(subject).getRdns()) {
                if (rdn.getType().equalsIgnoreCase(type)) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        boolean handshakeDone = ctx.pipeline().get(SslHandler.class) != null
                && ctx.pipeline().get(SslHandler.class).handshakeFuture().isSuccess();
        if (handshakeDone) {
            // before the handshake completes, the completion event above has logged the reason already
            LOG.warn("API connection from {} closed: {}", ctx.channel().remoteAddress(), why(cause));
        }
        ctx.close();
    }

    static String why(Throwable cause) {
        Throwable c = cause;
        while (c.getCause() != null && !(c instanceof NotSslRecordException)) {
            c = c.getCause();
        }
        if (c instanceof NotSslRecordException || cause instanceof NotSslRecordException) {
            return "not TLS (a plain TCP or HTTP client?)";
        }
        if (cause instanceof ReadTimeoutException) {
            return "idle for too long";
        }
        String message = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
        if (c instanceof java.nio.channels.ClosedChannelException) {
            return "TLS handshake failed: the client closed the connection (did it refuse the controller's certificate?)";
        }
        // The JDK's provider and BoringSSL (0693) word it differently.
        if (message.contains("Empty client certificate chain") || message.contains("PEER_DID_NOT_RETURN_A_CERTIFICATE")) {
            return "TLS handshake failed: no client certificate";
        }
        if (message.contains("certification path")) {
            return "TLS handshake failed: the client certificate is not from the fabric's CA (" + message + ")";
        }
        return "TLS handshake failed: " + message;
    }
}
