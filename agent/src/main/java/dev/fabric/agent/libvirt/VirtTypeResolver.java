package dev.fabric.agent.libvirt;

import dev.fabric.agent.desired.VirtType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Gathers the facts {@link VirtTypeChooser} decides on from the live host, probing KVM only when needed. */
public final class VirtTypeResolver {
    private final Path kvmDevice;
    private final Path workDir;
    private final Duration deadline;

    public VirtTypeResolver(Path kvmDevice, Path workDir, Duration deadline) {
        this.kvmDevice = kvmDevice;
        this.workDir = workDir;
        this.deadline = deadline;
    }

    public static VirtTypeResolver defaults(Path workDir) {
        return new VirtTypeResolver(Path.of("/dev/kvm"), workDir, VirtProbe.DEFAULT_DEADLINE);
    }

    public VirtTypeChooser.Choice resolve(LibvirtHost host, VirtType setting) {
        return VirtTypeChooser.choose(setting, HostCapabilities.parse(host.capabilities()), Files.exists(kvmDevice),
                () -> new VirtProbe(host, workDir, deadline).run("kvm"));
    }
}
