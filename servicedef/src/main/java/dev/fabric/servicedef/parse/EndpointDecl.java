package dev.fabric.servicedef.parse;

import dev.fabric.servicedef.xml.Where;

import java.util.Optional;

/** An endpoint as written in a role's Endpoints element; ports are still text. */
public sealed interface EndpointDecl {
    Attr name();

    Attr protocol();

    Where where();

    /** The element name, as people wrote it: InputEndpoint, InternalEndpoint, InstanceInputEndpoint. */
    String element();

    record Input(Attr name, Attr protocol, Attr port, Optional<Attr> localPort, Optional<Attr> loadBalancerProbe,
                 Where where) implements EndpointDecl {
        @Override
        public String element() {
            return "InputEndpoint";
        }
    }

    /** At most one of port, fixedPort and fixedRange is present (the parser reports more). */
    record Internal(Attr name, Attr protocol, Optional<Attr> port, Optional<Attr> fixedPort,
                    Optional<RangeDecl> fixedRange, Where where) implements EndpointDecl {
        @Override
        public String element() {
            return "InternalEndpoint";
        }
    }

    record InstanceInput(Attr name, Attr protocol, Attr localPort, RangeDecl publicPorts, Where where)
            implements EndpointDecl {
        @Override
        public String element() {
            return "InstanceInputEndpoint";
        }
    }
}
