package dev.fabric.agent.health;

import dev.fabric.nativelib.libc.NetnsThread;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * Where probe sockets are made. A socket belongs to the network namespace of the thread that creates
 * it and stays there whichever thread uses it later, so only the creation has to happen inside the
 * instances' namespace; connecting and reading run on the prober's ordinary threads.
 */
@FunctionalInterface
public interface SocketSource {
    /** An unconnected blocking channel (its file descriptor already exists, in the right namespace). */
    SocketChannel open() throws IOException;

    /** Sockets in the agent's own namespace. */
    static SocketSource host() {
        return SocketChannel::open;
    }

    /** Sockets made on {@code netns}'s thread, i.e. in that namespace (e.g. fabric-lab, where the bridge is). */
    static SocketSource in(NetnsThread netns) {
        return () -> netns.call(SocketChannel::open);
    }
}
