package dev.fabric.nativelib.libvirt;

import com.sun.jna.Pointer;
import dev.fabric.nativelib.libc.LibC;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

import java.util.Optional;

/**
 * A domain's custom XML metadata element (virDomainSetMetadata / virDomainGetMetadata, type
 * VIR_DOMAIN_METADATA_ELEMENT). Observed on libvirt 9.0: the element to set must carry no prefix and
 * no namespace declaration ({@code <instance><id .../></instance>}); libvirt puts the whole subtree in
 * {@code uri} under prefix {@code key}, and hands it back the same bare way. An element that declares
 * the prefix itself is refused ("failed to create a new XML namespace").
 */
public final class DomainMetadata {
    /** VIR_DOMAIN_AFFECT_CURRENT: the live definition of a running domain, else the persistent one. */
    public static final int AFFECT_CURRENT = 0;
    public static final int AFFECT_LIVE = 1;
    public static final int AFFECT_CONFIG = 2;
    static final int TYPE_ELEMENT = 2;
    static final int ERR_NO_DOMAIN_METADATA = 80;

    private DomainMetadata() {
    }

    /** The element in namespace {@code uri}, bare (no prefix); empty when the domain has none. */
    public static Optional<String> get(Domain domain, String uri, int flags) {
        LibVirtExtras lib = LibVirtExtras.INSTANCE;
        Pointer text = lib.virDomainGetMetadata(DomainPointers.of(domain), TYPE_ELEMENT, uri, flags);
        if (text == null) {
            int code = lib.virGetLastErrorCode();
            if (code == ERR_NO_DOMAIN_METADATA) {
                return Optional.empty();
            }
            throw failure("virDomainGetMetadata", domain, code, lib.virGetLastErrorMessage());
        }
        try {
            return Optional.of(text.getString(0, "UTF-8"));
        } finally {
            LibC.INSTANCE.free(text);
        }
    }

    /** Sets (replaces) the element in namespace {@code uri}; {@code bareElement} null removes it. */
    public static void set(Domain domain, String bareElement, String key, String uri, int flags) {
        LibVirtExtras lib = LibVirtExtras.INSTANCE;
        int rc = lib.virDomainSetMetadata(DomainPointers.of(domain), TYPE_ELEMENT, bareElement,
                bareElement == null ? null : key, uri, flags);
        if (rc != 0) {
            throw failure("virDomainSetMetadata", domain, lib.virGetLastErrorCode(), lib.virGetLastErrorMessage());
        }
    }

    static LibvirtCallException failure(String call, Domain domain, int code, String message) {
        String name;
        try {
            name = domain.getName();
        } catch (LibvirtException e) {
            name = "?";
        }
        return new LibvirtCallException(call, name, code, message == null ? "unknown error" : message);
    }
}
