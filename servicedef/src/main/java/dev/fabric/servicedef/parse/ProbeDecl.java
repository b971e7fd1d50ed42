package dev.fabric.servicedef.parse;

import dev.fabric.servicedef.xml.Where;

import java.util.Optional;

/** A LoadBalancerProbe element as written. */
public record ProbeDecl(Attr name, Attr protocol, Optional<Attr> port, Optional<Attr> path,
                        Optional<Attr> intervalInSeconds, Optional<Attr> timeoutInSeconds, Where where) {
}
