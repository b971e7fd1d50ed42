package dev.fabric.agent.run;

import dev.fabric.servicedef.model.Endpoint;

import java.util.Locale;

/** One declared endpoint in a line for people: {@code HttpIn input tcp 80->8080}. */
public final class EndpointText {
    private EndpointText() {
    }

    public static String of(Endpoint e) {
        String t = e.transport().name().toLowerCase(Locale.ROOT);
        if (e instanceof Endpoint.Input i) {
            return i.name() + " input " + t + " " + i.publicPort() + "->" + i.localPort();
        }
        if (e instanceof Endpoint.InstanceInput i) {
            return i.name() + " instance-input " + t + " " + i.publicPorts() + "->" + i.localPort();
        }
        Endpoint.Internal i = (Endpoint.Internal) e;
        return i.name() + " internal " + t + " " + i.ports();
    }
}
