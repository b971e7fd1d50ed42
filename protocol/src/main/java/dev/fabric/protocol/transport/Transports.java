package dev.fabric.protocol.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Netty's native epoll transport where it loads (Linux x86_64), Java NIO otherwise: with thousands of
 * agents beating every second, epoll saves the selector's per-wake-up bookkeeping (decision 0693).
 * A channel's class must match its event loop group's kind, so the channel classes are chosen by group.
 */
public final class Transports {
    private Transports() {
    }

    public static EventLoopGroup group(int threads) {
        return Epoll.isAvailable() ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
    }

    public static Class<? extends ServerChannel> serverChannel(EventLoopGroup group) {
        return group instanceof EpollEventLoopGroup ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends Channel> clientChannel(EventLoopGroup group) {
        return group instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** "epoll" or "nio", for start-up lines. */
    public static String name() {
        return Epoll.isAvailable() ? "epoll" : "nio";
    }
}
