package dev.fabric.firewall.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent oracle for loopback tests: the TCP ports in LISTEN state in this network
 * namespace, read from /proc/net/tcp and tcp6 (other processes on the machine may listen too).
 */
final class ListeningPorts {

    private static final String LISTEN = "0A";

    private ListeningPorts() {
    }

    /** Every listening port, on any address, IPv4 or IPv6: nothing else can answer a connect. */
    static PortSet anywhere() throws IOException {
        List<Integer> ports = new ArrayList<>();
        ports.addAll(read("/proc/net/tcp", false));
        ports.addAll(read("/proc/net/tcp6", false));
        return PortSet.of(ports);
    }

    /** Ports with an IPv4 listener on 0.0.0.0 or 127.x: these must answer on 127.0.0.1. */
    static PortSet onIpv4Loopback() throws IOException {
        return PortSet.of(read("/proc/net/tcp", true));
    }

    private static List<Integer> read(String table, boolean loopbackOnly) throws IOException {
        Path path = Path.of(table);
        List<Integer> ports = new ArrayList<>();
        if (!Files.exists(path)) {
            return ports;
        }
        List<String> lines = Files.readAllLines(path);
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.trim().split("\\s+");
            String local = fields[1];
            String address = local.substring(0, local.indexOf(':'));
            // /proc prints IPv4 addresses as a little-endian hex word: 127.0.0.1 is 0100007F
            boolean loopback = address.equals("00000000") || address.endsWith("7F");
            if (fields[3].equals(LISTEN) && (!loopbackOnly || loopback)) {
                ports.add(Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
            }
        }
        return ports;
    }
}
