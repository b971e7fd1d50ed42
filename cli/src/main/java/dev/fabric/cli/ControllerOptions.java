package dev.fabric.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Where the controller is and who we are to it; shared by deploy, status, hosts, scale and delete.
 * Defaults come from the environment, so a shell set up once needs no options.
 */
final class ControllerOptions {
    static final String DEFAULT_CONTROLLER = "127.0.0.1:" + dev.fabric.controller.rest.RestServer.DEFAULT_PORT;

    @Option(names = "--controller", paramLabel = "HOST:PORT", defaultValue = "${env:FABRIC_CONTROLLER:-" + DEFAULT_CONTROLLER + "}",
            description = "The controller's REST API (default: $FABRIC_CONTROLLER, else " + DEFAULT_CONTROLLER + "; now ${DEFAULT-VALUE}).")
    String controller;

    @Option(names = "--pki", paramLabel = "DIR", defaultValue = "${env:FABRIC_PKI:-/etc/fabric/pki}",
            description = "Holds ca.crt and operators/NAME.{crt,key} (default: $FABRIC_PKI, else /etc/fabric/pki; now ${DEFAULT-VALUE}).")
    Path pki;

    @Option(names = "--operator", paramLabel = "NAME", defaultValue = "${env:FABRIC_OPERATOR:-admin}",
            description = "Whose certificate to present: operators/NAME.crt (default: $FABRIC_OPERATOR, else admin; now ${DEFAULT-VALUE}).")
    String operator;

    ControllerClient client() {
        return ControllerClient.connect(controller, pki, operator);
    }
}
