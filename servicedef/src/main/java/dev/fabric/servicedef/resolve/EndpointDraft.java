package dev.fabric.servicedef.resolve;

import dev.fabric.servicedef.model.PortRange;
import dev.fabric.servicedef.model.Transport;
import dev.fabric.servicedef.parse.EndpointDecl;

import java.util.Optional;
import java.util.OptionalInt;

/** An endpoint whose numbers are checked, before dynamic ports, traffic rules and ACLs are applied. */
sealed interface EndpointDraft {
    EndpointDecl decl();

    Transport transport();

    default String name() {
        return decl().name().value();
    }

    /** {@code localPort} empty means "*": a port Fabric assigns. */
    record Input(EndpointDecl.Input decl, Transport transport, int publicPort, OptionalInt localPort)
            implements EndpointDraft {
    }

    /** {@code ports} empty means no port given: Fabric assigns one. */
    record Internal(EndpointDecl.Internal decl, Transport transport, Optional<PortRange> ports)
            implements EndpointDraft {
    }

    record InstanceInput(EndpointDecl.InstanceInput decl, Transport transport, int localPort, PortRange publicPorts)
            implements EndpointDraft {
    }
}
