package dev.fabric.agent.managed;

import java.nio.file.Path;

/**
 * How a managed agent reaches its controller: the controller's agent port, this host's inventory name
 * (the CN of its certificate) and the directory with {@code ca.crt} and {@code hosts/NAME.crt|.key}
 * as {@code fabric ca} writes them (decision 0600).
 */
public record ControllerLinkSettings(String controllerHost, int controllerPort, String hostName, Path pkiDir) {
    public Path caCertificate() {
        return pkiDir.resolve("ca.crt");
    }

    public Path certificate() {
        return pkiDir.resolve("hosts").resolve(hostName + ".crt");
    }

    public Path key() {
        return pkiDir.resolve("hosts").resolve(hostName + ".key");
    }

    /** {@code host:port}, for messages. */
    public String controller() {
        return controllerHost + ":" + controllerPort;
    }
}
