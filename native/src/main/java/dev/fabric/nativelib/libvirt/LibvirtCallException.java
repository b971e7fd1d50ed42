package dev.fabric.nativelib.libvirt;

/** A libvirt call bound here failed; carries libvirt's error code (virErrorNumber) and message. */
public final class LibvirtCallException extends RuntimeException {
    private final int code;

    LibvirtCallException(String call, String domain, int code, String message) {
        super(call + " on domain " + domain + " failed: " + message + " (libvirt error " + code + ")");
        this.code = code;
    }

    public int code() {
        return code;
    }
}
