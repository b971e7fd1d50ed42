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

    static PortSet inThisNamespace() throws IOException {
        List<Integer> ports = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path).subList(1, Files.readAllLines(path).size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields[3].equals(LISTEN)) {
                    String local = fields[1];
                    ports.add(Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
                }
            }
        }
        return PortSet.of(ports);
    }
}
