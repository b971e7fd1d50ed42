package dev.fabric.agent.libvirt;

/** The agent was asked to change a domain that carries no Fabric metadata: it never touches those. */
public final class ForeignDomainException extends LibvirtOperationException {
    public ForeignDomainException(String operation, String domain, String uri) {
        super("refusing to " + operation + " domain '" + domain + "' on " + uri
                + ": it carries no Fabric instance metadata, so it is not Fabric's. Rename or remove it by hand"
                + " if its name clashes with a Fabric instance.");
    }
}
