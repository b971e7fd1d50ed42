package dev.fabric.nativelib.libvirt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/** libvirt calls that libvirt-java 0.5.2 does not bind (libvirt-domain.h, virterror.h). */
interface LibVirtExtras extends Library {
    LibVirtExtras INSTANCE = Native.load("virt", LibVirtExtras.class);

    int virDomainSetMetadata(Pointer domain, int type, String metadata, String key, String uri, int flags);

    /** Returns a malloc'ed string the caller frees, or NULL with the last error set. */
    Pointer virDomainGetMetadata(Pointer domain, int type, String uri, int flags);

    int virDomainGetState(Pointer domain, IntByReference state, IntByReference reason, int flags);

    /** The calling thread's last libvirt error code (VIR_ERR_OK = 0 when none). */
    int virGetLastErrorCode();

    String virGetLastErrorMessage();
}
