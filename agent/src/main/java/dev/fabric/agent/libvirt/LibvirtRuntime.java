package dev.fabric.agent.libvirt;

import org.libvirt.Connect;
import org.libvirt.ErrorCallback;
import org.libvirt.Library;
import org.libvirt.LibvirtException;

/**
 * Process-wide libvirt setup, done once before the first connection: a quiet error callback (libvirt's
 * default handler prints every error to stderr, also the expected ones such as "no metadata"; errors
 * still reach us as exceptions) and the default event loop, run on one daemon thread. libvirt only
 * delivers domain events to connections opened after {@code virEventRegisterDefaultImpl}.
 */
final class LibvirtRuntime {
    // JNA callbacks must stay strongly reachable for as long as libvirt may call them.
    private static final ErrorCallback QUIET = new ErrorCallback();
    private static boolean started;

    private LibvirtRuntime() {
    }

    static synchronized void ensureStarted() throws LibvirtException {
        if (started) {
            return;
        }
        Connect.setErrorCallback(QUIET);
        Library.initEventLoop();
        Thread loop = new Thread(LibvirtRuntime::run, "libvirt-event-loop");
        loop.setDaemon(true);
        loop.start();
        started = true;
    }

    private static void run() {
        try {
            Library.runEventLoop();
        } catch (LibvirtException | InterruptedException e) {
            System.getLogger(LibvirtRuntime.class.getName()).log(System.Logger.Level.ERROR,
                    "libvirt event loop ended; guest lifecycle events are no longer noticed: " + e.getMessage());
        }
    }
}
