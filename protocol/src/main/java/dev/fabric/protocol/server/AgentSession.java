package dev.fabric.protocol.server;

import dev.fabric.protocol.tls.PeerIdentity;
import dev.fabric.protocol.v1.DesiredState;
import dev.fabric.protocol.v1.Envelope;
import dev.fabric.protocol.v1.Hello;
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

    /** Sends the host its whole desired state (it replaces the previous one). */
    public void push(DesiredState state) {
        channel.writeAndFlush(Envelope.newBuilder().setDesiredState(state).build());
    }

    public void close() {
        channel.close();
    }

    @Override
    public String toString() {
        return hostName() + "@" + remote() + "#" + id;
    }
}
