package dev.fabric.firewall.verify;

import java.util.BitSet;
import java.util.stream.IntStream;

/**
 * An immutable set of TCP/UDP port numbers (1-65535), written and parsed as a list of ports and
 * ranges such as {@code 22,80,8000-8100}.
 */
public final class PortSet {

    public static final int MIN_PORT = 1;
    public static final int MAX_PORT = 65535;

    private static final PortSet EMPTY = new PortSet(new BitSet());

    private final BitSet ports;

    private PortSet(BitSet ports) {
        this.ports = ports;
    }

    public static PortSet empty() {
        return EMPTY;
    }

    /** All ports {@code from..to}, both included. */
    public static PortSet range(int from, int to) {
        checkPort(from);
        checkPort(to);
        if (from > to) {
            throw new IllegalArgumentException("port range " + from + "-" + to + " runs backwards");
        }
        BitSet bits = new BitSet(to + 1);
        bits.set(from, to + 1);
        return new PortSet(bits);
    }

    public static PortSet of(int... ports) {
        BitSet bits = new BitSet();
        for (int port : ports) {
            checkPort(port);
            bits.set(port);
        }
        return new PortSet(bits);
    }

    public static PortSet of(Iterable<Integer> ports) {
        BitSet bits = new BitSet();
        for (int port : ports) {
            checkPort(port);
            bits.set(port);
        }
        return new PortSet(bits);
    }

    /**
     * Parses a comma separated list of ports and ranges, e.g. {@code 1-65535} or
     * {@code 22,80,8000-8100}. Spaces around items are allowed.
     *
     * @throws PortListException naming the offending item and its position
     */
    public static PortSet parse(String text) {
        if (text == null || text.isBlank()) {
            throw new PortListException(text == null ? "" : text, 1, "the port list is empty; give ports such as 22,80,8000-8100");
        }
        BitSet bits = new BitSet();
        int start = 0;
        while (start <= text.length()) {
            int comma = text.indexOf(',', start);
            int end = comma < 0 ? text.length() : comma;
            parseItem(text, start, end, bits);
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        return new PortSet(bits);
    }

    private static void parseItem(String text, int start, int end, BitSet bits) {
        String raw = text.substring(start, end);
        String item = raw.strip();
        int column = start + 1 + (raw.length() - raw.stripLeading().length());
        if (item.isEmpty()) {
            throw new PortListException(text, column, "empty item; remove the extra comma");
        }
        int dash = item.indexOf('-');
        if (dash < 0) {
            bits.set(parsePort(text, column, item));
            return;
        }
        int from = parsePort(text, column, item.substring(0, dash).strip());
        int to = parsePort(text, column + dash + 1, item.substring(dash + 1).strip());
        if (from > to) {
            throw new PortListException(text, column, "range " + item + " runs backwards; write " + to + "-" + from);
        }
        bits.set(from, to + 1);
    }

    private static int parsePort(String text, int column, String number) {
        if (number.isEmpty() || !number.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new PortListException(text, column, "'" + number + "' is not a port number; ports are 1-65535");
        }
        int port;
        try {
            port = Integer.parseInt(number);
        } catch (NumberFormatException tooLong) {
            port = Integer.MAX_VALUE;
        }
        if (port < MIN_PORT || port > MAX_PORT) {
            throw new PortListException(text, column, "port " + number + " is out of range; ports are 1-65535");
        }
        return port;
    }

    private static void checkPort(int port) {
        if (port < MIN_PORT || port > MAX_PORT) {
            throw new IllegalArgumentException("port " + port + " is out of range 1-65535");
        }
    }

    public int size() {
        return ports.cardinality();
    }

    public boolean isEmpty() {
        return ports.isEmpty();
    }

    public boolean contains(int port) {
        return port >= MIN_PORT && port <= MAX_PORT && ports.get(port);
    }

    /** The ports in ascending order. */
    public IntStream stream() {
        return ports.stream();
    }

    public int[] toArray() {
        return ports.stream().toArray();
    }

    /** The ports of this set that are not in {@code other}. */
    public PortSet minus(PortSet other) {
        BitSet bits = (BitSet) ports.clone();
        bits.andNot(other.ports);
        return new PortSet(bits);
    }

    public boolean containsAll(PortSet other) {
        return other.minus(this).isEmpty();
    }

    /** The compact form that {@link #parse} reads back, e.g. {@code 22,80,8000-8100}; empty set gives "". */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        int from = ports.nextSetBit(0);
        while (from >= 0) {
            int to = ports.nextClearBit(from) - 1;
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(from);
            if (to > from) {
                out.append('-').append(to);
            }
            from = ports.nextSetBit(to + 1);
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortSet other && ports.equals(other.ports);
    }

    @Override
    public int hashCode() {
        return ports.hashCode();
    }
}
