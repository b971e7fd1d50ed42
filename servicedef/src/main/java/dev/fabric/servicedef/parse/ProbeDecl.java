package dev.fabric.servicedef.parse;

import dev.fabric.servicedef.xml.Where;

import java.util.Optional;

/** A LoadBalancerProbe element as written. */
public record ProbeDecl(Attr name, Attr protocol, Optional<Attr> port, Where where) {
}
