package dev.fabric.agent.verify;

/**
 * A public port on the host's external address, probed from the outside vantage point.
 *
 * @param owner        {@code deployment.role} for a load-balanced InputEndpoint, the instance id for an
 *                     InstanceInputEndpoint
 * @param expectedOpen false only when the endpoint's ACL denies the outside vantage point's address
 */
public record PublicPortCheck(String owner, PublicPort port, boolean expectedOpen, boolean open) {
    public boolean ok() {
        return expectedOpen == open;
    }

    public String verdict() {
        return ok() ? "ok" : expectedOpen ? "DIFFERS: missing" : "DIFFERS: extra (the ACL denies this source)";
    }
}
