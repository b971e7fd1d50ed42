package dev.fabric.nativelib.libvirt;

import com.sun.jna.ptr.IntByReference;
import org.libvirt.Domain;

/**
 * virDomainGetState: the state and the reason for it (libvirt-java 0.5.2 only offers the state,
 * through virDomainGetInfo). The reason tells a guest that was destroyed from one that crashed.
 *
 * @param state  virDomainState
 * @param reason the state's reason enum (virDomainShutoffReason when shut off, ...)
 */
public record DomainStateReason(int state, int reason) {

    public static DomainStateReason of(Domain domain) {
        LibVirtExtras lib = LibVirtExtras.INSTANCE;
        IntByReference state = new IntByReference();
        IntByReference reason = new IntByReference();
        if (lib.virDomainGetState(DomainPointers.of(domain), state, reason, 0) != 0) {
            throw DomainMetadata.failure("virDomainGetState", domain, lib.virGetLastErrorCode(),
                    lib.virGetLastErrorMessage());
        }
        return new DomainStateReason(state.getValue(), reason.getValue());
    }
}
