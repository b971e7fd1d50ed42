package dev.fabric.protocol.frame;

import dev.fabric.protocol.v1.Envelope;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.handler.codec.protobuf.ProtobufEncoder;

/**
 * One frame = a 4-byte big-endian length and one {@link Envelope}. A length above {@link #MAX_FRAME}
 * fails the decoder (TooLongFrameException), and the session closes: a peer cannot make the other
 * side buffer more than that.
 */
public final class Framing {
    /** 16 MiB: a desired state with many deployments of 4 MiB definitions still fits, nothing near memory limits. */
    public static final int MAX_FRAME = 16 * 1024 * 1024;

    private Framing() {
    }

    public static void addTo(ChannelPipeline p) {
        p.addLast("frame-decoder", new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4));
        p.addLast("protobuf-decoder", new ProtobufDecoder(Envelope.getDefaultInstance()));
        p.addLast("frame-encoder", new LengthFieldPrepender(4));
        p.addLast("protobuf-encoder", new ProtobufEncoder());
    }
}
