package dev.fabric.servicedef.parse;

import dev.fabric.servicedef.xml.Where;

/** An attribute value as written, with where it is written, so the validator can point at it. */
public record Attr(String value, Where where) {
}
