package dev.fabric.servicedef.resolve;

import dev.fabric.servicedef.parse.Attr;

import java.util.OptionalInt;

/** Whole numbers in attributes: ports, counts, orders. Reports what is wrong and where. */
final class Numbers {
    private Numbers() {
    }

    /** A port 1..65535; {@code what} names it in the message, e.g. "port of InputEndpoint HttpIn". */
    static OptionalInt port(Attr attr, String what, Problems problems) {
        return inRange(attr, what, 1, 65535, problems);
    }

    static OptionalInt inRange(Attr attr, String what, int min, int max, Problems problems) {
        long value;
        try {
            value = Long.parseLong(attr.value());
        } catch (NumberFormatException e) {
            problems.add(attr.where().error(what + " is \"" + attr.value() + "\", not a whole number from " + min + " to " + max));
            return OptionalInt.empty();
        }
        if (value < min || value > max) {
            problems.add(attr.where().error(what + " is " + attr.value() + ", outside " + min + "-" + max));
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) value);
    }
}
