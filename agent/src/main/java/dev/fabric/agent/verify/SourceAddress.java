package dev.fabric.agent.verify;

import dev.fabric.firewall.placement.Ipv4Address;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;

/** The source address the calling thread's network namespace uses toward a target (endpoint ACLs are judged on it). */
final class SourceAddress {
    private SourceAddress() {
    }

    /**
     * The kernel's route lookup for an unsent UDP "connection".
     *
     * @param where names the namespace in the error, e.g. {@code network namespace fabric-ext}
     * @throws VerifyException when there is no route to the target
     */
    static Ipv4Address toward(Ipv4Address target, String where) {
        try (DatagramChannel c = DatagramChannel.open(java.net.StandardProtocolFamily.INET)) {
            c.connect(new InetSocketAddress(inet(target), 9));
            return Ipv4Address.parse(((InetSocketAddress) c.getLocalAddress()).getAddress().getHostAddress());
        } catch (IOException e) {
            throw new VerifyException(where + " cannot reach " + target + ": " + e.getMessage()
                    + " (does it have a route to the instance subnet?)", e);
        }
    }

    static InetAddress inet(Ipv4Address a) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a.octet(0), (byte) a.octet(1), (byte) a.octet(2), (byte) a.octet(3)});
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e); // four bytes are always an address
        }
    }
}
