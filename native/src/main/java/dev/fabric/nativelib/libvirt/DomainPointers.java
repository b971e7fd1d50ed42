package dev.fabric.nativelib.libvirt;

import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import org.libvirt.Domain;

import java.lang.reflect.Field;

/**
 * The native virDomainPtr behind a libvirt-java {@link Domain}. libvirt-java keeps it in the
 * package-private field {@code vdp} and offers no accessor; reflection is the only way in without
 * forking the library. The Domain keeps its reference, so the pointer is valid while it is reachable.
 */
final class DomainPointers {
    private static final Field VDP;

    static {
        try {
            VDP = Domain.class.getDeclaredField("vdp");
            VDP.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError("libvirt-java's Domain.vdp field is not accessible (libvirt-java "
                    + "version other than 0.5.2?): " + e);
        }
    }

    private DomainPointers() {
    }

    static Pointer of(Domain domain) {
        try {
            PointerType vdp = (PointerType) VDP.get(domain);
            if (vdp == null || vdp.getPointer() == null) {
                throw new IllegalStateException("libvirt-java Domain has no native pointer (freed?)");
            }
            return vdp.getPointer();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read Domain.vdp", e);
        }
    }
}
