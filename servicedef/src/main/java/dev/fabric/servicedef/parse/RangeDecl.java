package dev.fabric.servicedef.parse;

import dev.fabric.servicedef.xml.Where;

/** A FixedPortRange element as written. */
public record RangeDecl(Attr min, Attr max, Where where) {
}
