package dev.fabric.agent.libvirt;

/** A libvirt operation on this host failed; the message names the operation, the domain and libvirt's reason. */
public class LibvirtOperationException extends RuntimeException {
    public LibvirtOperationException(String message, Throwable cause) {
        super(message, cause);
    }

    public LibvirtOperationException(String message) {
        super(message);
    }
}
