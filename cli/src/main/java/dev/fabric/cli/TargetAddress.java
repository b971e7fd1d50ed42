package dev.fabric.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a command-line target into one host address without sending anything over the network:
 * IPv4 and IPv6 literals, or a name listed in the hosts file. A scan tool that quietly asked DNS
 * would put traffic on networks the user did not point it at.
 */
final class TargetAddress {

    static final Path SYSTEM_HOSTS_FILE = Path.of("/etc/hosts");

    private static final Pattern DOTTED = Pattern.compile("[0-9.]+");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

    private TargetAddress() {
    }

    /** @throws IllegalArgumentException with a message for people when the text names no single host */
    static InetAddress parse(String text, Path hostsFile) {
        String target = text == null ? "" : text.strip();
        InetAddress address;
        if (DOTTED.matcher(target).matches()) {
            if (!IPV4.matcher(target).matches()) {
                throw bad(text, "is not a valid IPv4 address");
            }
            address = literal(target);
        } else if (target.contains(":")) {
            String bare = target.startsWith("[") && target.endsWith("]") ? target.substring(1, target.length() - 1) : target;
            address = literal(bare); // contains ':' -> the JDK parses it as IPv6 and never looks it up
        } else if (HOST_NAME.matcher(target).matches()) {
            address = fromHostsFile(target, hostsFile)
                    .orElseThrow(() -> bad(text, "is not an IP address and not a name in " + hostsFile
                            + " (names are not looked up in DNS)"));
        } else {
            throw bad(text, "is neither an IP address nor a host name");
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            throw bad(text, "is not the address of one host");
        }
        return address;
    }

    private static InetAddress literal(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw bad(text, "is not a valid IP address (" + e.getMessage() + ")");
        }
    }

    private static Optional<InetAddress> fromHostsFile(String name, Path hostsFile) {
        List<String> lines;
        try {
            lines = Files.exists(hostsFile) ? Files.readAllLines(hostsFile) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + hostsFile + ": " + e.getMessage(), e);
        }
        String wanted = name.toLowerCase(Locale.ROOT);
        for (String line : lines) {
            int hash = line.indexOf('#');
            String[] fields = (hash < 0 ? line : line.substring(0, hash)).trim().split("\\s+");
            for (int i = 1; i < fields.length; i++) {
                if (fields[i].toLowerCase(Locale.ROOT).equals(wanted)
                        && (IPV4.matcher(fields[0]).matches() || fields[0].contains(":"))) {
                    return Optional.of(literal(fields[0]));
                }
            }
        }
        return Optional.empty();
    }

    private static IllegalArgumentException bad(String text, String problem) {
        return new IllegalArgumentException("'" + text + "' " + problem + "; give an IPv4 or IPv6 address such as 10.213.0.10");
    }
}
