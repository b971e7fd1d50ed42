package dev.fabric.controller.rest;

import dev.fabric.controller.api.ApiException;
import dev.fabric.controller.api.ControllerApi;
import dev.fabric.controller.api.DeploymentView;
import dev.fabric.controller.api.StatusView;
import dev.fabric.controller.api.VerifyOptions;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One API request: checked on the network thread (operator, route, names, content type, JSON shape), then
 * the {@link ControllerApi} call on the API executor (it may block on ZooKeeper), then the JSON response.
 * Reading pauses while a request is in flight, so responses keep the order of the requests.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** A .csdef or .cscfg may be as large as the definition reader accepts (SafeXmlReader.MAX_BYTES). */
    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;
    /** Far above what any real deployment asks for; keeps a typo from meaning a million VMs. */
    static final int MAX_INSTANCES = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final ControllerApi api;
    private final Executor executor;

    ApiHandler(ControllerApi api, Executor executor) {
        this.api = api;
        this.executor = executor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String what = request.method() + " " + request.uri();
        if (request.decoderResult().isFailure()) {
            refuse(ctx, what, RequestError.badRequest("malformed HTTP request: " + request.decoderResult().cause().getMessage()), false);
            return;
        }
        String refusal = ctx.channel().attr(OperatorGate.REFUSAL).get();
        if (refusal != null) {
            refuse(ctx, what, new RequestError(403, ApiException.Kind.FORBIDDEN.code(), refusal, List.of(), null), keepAlive);
            return;
        }
        Call call;
        try {
            call = prepare(request);
        } catch (RequestError e) {
            refuse(ctx, what, e, keepAlive);
            return;
        }
        String operator = ctx.channel().attr(OperatorGate.OPERATOR).get();
        ctx.channel().config().setAutoRead(false);
        try {
            executor.execute(() -> {
                FullHttpResponse response = perform(call, ctx, what);
                LOG.info("API {} {} -> {}", operator, what, response.status().code());
                // back on the event loop: the response is written before the next request is let in
                ctx.executor().execute(() -> {
                    Responses.send(ctx, response, keepAlive);
                    ctx.channel().config().setAutoRead(true);
                });
            });
        } catch (RejectedExecutionException e) {
            ctx.channel().config().setAutoRead(true);
            refuse(ctx, what, new RequestError(503, ApiException.Kind.UNAVAILABLE.code(),
                    "the controller is busy with other requests; try again", List.of(), null), keepAlive);
        }
    }

    /** A checked request, ready for the controller. */
    private interface Call {
        FullHttpResponse run();
    }

    private Call prepare(FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        if (!uri.parameters().isEmpty() || request.uri().contains("?")) {
            throw RequestError.badRequest("the API takes no query parameters: " + request.uri());
        }
        Route.Match m = Route.match(request.method(), uri.rawPath());
        byte[] body = ByteBufUtil.getBytes(request.content());
        boolean takesBody = m.route() == Route.DEPLOY || m.route() == Route.SCALE_ROLE;
        boolean mayTakeBody = m.route() == Route.VERIFY;
        if (takesBody || mayTakeBody && body.length > 0) {
            requireJson(request);
        } else if (body.length > 0) {
            throw RequestError.badRequest(request.method() + " " + uri.rawPath() + " takes no body");
        }
        return switch (m.route()) {
            case LIST_DEPLOYMENTS -> () -> Responses.json(200, api.list());
            case GET_DEPLOYMENT -> () -> Responses.json(200, api.get(m.deployment()));
            case DELETE_DEPLOYMENT -> () -> Responses.json(200, api.delete(m.deployment()));
            case LIST_HOSTS -> () -> Responses.json(200, api.hosts());
            case STATUS -> () -> Responses.json(200, StatusView.of(api.list()));
            case DEPLOY -> {
                JsonBody b = JsonBody.parse(body, List.of("name", "csdef", "cscfg"));
                String name = Route.deployment(textField(b, "name"));
                String csdef = b.text("csdef", MAX_FILE_BYTES);
                String cscfg = b.text("cscfg", MAX_FILE_BYTES);
                yield () -> {
                    DeploymentView v = api.deploy(name, csdef, cscfg);
                    FullHttpResponse r = Responses.json(201, v);
                    r.headers().set(HttpHeaderNames.LOCATION, "/v1/deployments/" + v.name());
                    return r;
                };
            }
            case VERIFY -> {
                VerifyOptions options = verifyOptions(body);
                yield () -> Responses.json(200, api.verify(m.deployment(), options));
            }
            case SCALE_ROLE -> {
                int count = JsonBody.parse(body, List.of("instances")).integer("instances", 0, MAX_INSTANCES);
                yield () -> Responses.json(200, api.scale(m.deployment(), m.role(), count));
            }
        };
    }

    /** No body: the defaults; else exactly {@code {"ports": "1-65535", "timeoutMs": 1500}}. */
    private static VerifyOptions verifyOptions(byte[] body) {
        if (body.length == 0) {
            return VerifyOptions.DEFAULT;
        }
        JsonBody b = JsonBody.parse(body, List.of("ports", "timeoutMs"));
        String ports = b.text("ports", 1024);
        int timeout = b.integer("timeoutMs", 1, VerifyOptions.MAX_TIMEOUT_MS);
        try {
            return new VerifyOptions(ports, timeout);
        } catch (IllegalArgumentException e) {
            throw RequestError.badRequest(e.getMessage());
        }
    }

    private static String textField(JsonBody b, String field) {
        return b.text(field, 1024);
    }

    private static void requireJson(FullHttpRequest request) {
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        String base = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json")) {
            throw RequestError.unsupportedMediaType("the body must be JSON (Content-Type: application/json), was "
                    + (type == null ? "no Content-Type" : type));
        }
        if (type.toLowerCase(Locale.ROOT).contains("charset=") && !type.toLowerCase(Locale.ROOT).replace(" ", "").contains("charset=utf-8")) {
            throw RequestError.unsupportedMediaType("JSON must be UTF-8, was " + type);
        }
    }

    private static FullHttpResponse perform(Call call, ChannelHandlerContext ctx, String what) {
        try {
            return call.run();
        } catch (ApiException e) {
            LOG.info("API {} {} refused: {} {}", ctx.channel().remoteAddress(), what, e.status(), e.getMessage());
            return Responses.error(RequestError.from(e));
        } catch (RequestError e) {
            return Responses.error(e);
        } catch (RuntimeException e) {
            LOG.error("API {} {}: the controller failed", ctx.channel().remoteAddress(), what, e);
            return Responses.internalError();
        }
    }

    private static void refuse(ChannelHandlerContext ctx, String what, RequestError e, boolean keepAlive) {
        LOG.warn("API refused {} {}: {} {}", ctx.channel().remoteAddress(), what, e.status(), e.getMessage());
        Responses.send(ctx, Responses.error(e), keepAlive);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.fireExceptionCaught(cause);
    }
}
