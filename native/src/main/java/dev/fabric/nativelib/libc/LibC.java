package dev.fabric.nativelib.libc;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** The few libc calls Fabric needs. errno is reported through {@link com.sun.jna.LastErrorException}. */
public interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;
    int CLONE_NEWNET = 0x40000000;

    int open(String path, int flags) throws com.sun.jna.LastErrorException;

    int close(int fd) throws com.sun.jna.LastErrorException;

    int setns(int fd, int nstype) throws com.sun.jna.LastErrorException;

    String strerror(int errnum);

    /** Releases memory a C library handed over with malloc (e.g. the string virDomainGetMetadata returns). */
    void free(com.sun.jna.Pointer pointer);
}
