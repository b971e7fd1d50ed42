package dev.fabric.servicedef.model;

/** An inclusive range of ports, 1..65535. A single port is a range with min == max. */
public record PortRange(int min, int max) {
    public PortRange {
        if (min < 1 || max > 65535 || min > max) {
            throw new IllegalArgumentException("invalid port range " + min + ".." + max);
        }
    }

    public static PortRange single(int port) {
        return new PortRange(port, port);
    }

    public static PortRange all() {
        return new PortRange(1, 65535);
    }

    public int size() {
        return max - min + 1;
    }

    public boolean isSingle() {
        return min == max;
    }

    @Override
    public String toString() {
        return isSingle() ? Integer.toString(min) : min + "-" + max;
    }
}
