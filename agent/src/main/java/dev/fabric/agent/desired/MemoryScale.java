package dev.fabric.agent.desired;

/**
 * Scales the memory a vmsize asks for down to what a small lab host can give: {@code ceil(size *
 * numerator / denominator)}, at least {@code floorMiB}. {@code 1/1} with floor 0 leaves sizes as they are.
 */
public record MemoryScale(long numerator, long denominator, long floorMiB) {
    public static final MemoryScale NONE = new MemoryScale(1, 1, 0);

    public MemoryScale {
        if (numerator < 1 || denominator < 1 || numerator > denominator) {
            throw new IllegalArgumentException("memory scale " + numerator + "/" + denominator
                    + " must be a fraction in (0, 1], e.g. 1/16");
        }
        if (floorMiB < 0) {
            throw new IllegalArgumentException("memory floor must be >= 0 MiB, was " + floorMiB);
        }
    }

    /** Parses {@code 1/16} or {@code 1}; the floor is given separately. */
    public static MemoryScale parse(String fraction, long floorMiB) {
        String[] parts = fraction.trim().split("/", -1);
        try {
            long num = Long.parseLong(parts[0].trim());
            long den = parts.length == 2 ? Long.parseLong(parts[1].trim()) : 1;
            if (parts.length > 2) {
                throw new NumberFormatException();
            }
            return new MemoryScale(num, den, floorMiB);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("memory scale '" + fraction + "' is not a fraction such as 1/16");
        }
    }

    public long apply(long sizeMiB) {
        long scaled = Math.floorDiv(sizeMiB * numerator + denominator - 1, denominator);
        return Math.max(floorMiB, scaled);
    }

    @Override
    public String toString() {
        return numerator + "/" + denominator + " (floor " + floorMiB + " MiB)";
    }
}
