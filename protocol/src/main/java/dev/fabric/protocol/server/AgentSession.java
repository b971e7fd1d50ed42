package dev.fabric.protocol.server;

import dev.fabric.protocol.tls.PeerIdentity;
import dev.fabric.protocol.v1.DesiredState;
import dev.fabric.protocol.v1.Envelope;
import dev.fabric.protocol.v1.Hello;
import dev.fabric.protocol.v1.VerifyRequest;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/** One admitted agent connection. Safe to use from any thread. */
public final class AgentSession {
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final Channel channel;
    private final PeerIdentity identity;
    private final Hello hello;

    AgentSession(Channel channel, PeerIdentity identity, Hello hello) {
        this.channel = channel;
        this.identity = identity;
        this.hello = hello;
    }

    public long id() {
        return id;
    }

    /** The inventory name: the certificate's CN, which the Hello repeated. */
    public String hostName() {
        return identity.commonName();
    }

    public PeerIdentity identity() {
        return identity;
    }

    /** The Hello the agent joined with (capacity, what it runs, the generation it holds). */
    public Hello hello() {
        return hello;
    }

    public SocketAddress remote() {
        return channel.remoteAddress();
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /**
     * Sends the host its whole desired state (it replaces the previous one). The message is encoded here,
     * on the caller's thread: a desired state names every other host (550 KB at 10,000 hosts), and
     * encoding it on the event loop delayed the heartbeats of every session sharing that loop.
     * The frame encoder passes the bytes through and adds the length prefix as for any frame.
     */
    public void push(DesiredState state) {
        byte[] bytes = Envelope.newBuilder().setDesiredState(state).build().toByteArray();
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }

    /** Asks the agent to verify a deployment's instances from its instance bridge; it answers with a VerifyResult. */
    public void verify(VerifyRequest request) {
        channel.writeAndFlush(Envelope.newBuilder().setVerifyRequest(request).build());
    }

    public void close() {
        channel.close();
    }

    @Override
    public String toString() {
        return hostName() + "@" + remote() + "#" + id;
    }
}
