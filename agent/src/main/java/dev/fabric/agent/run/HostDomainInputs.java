package dev.fabric.agent.run;

import dev.fabric.agent.desired.ImageRef;
import dev.fabric.agent.desired.VirtType;
import dev.fabric.agent.execute.DomainInputsSource;
import dev.fabric.agent.image.ImageStore;
import dev.fabric.agent.image.VerifiedImage;
import dev.fabric.agent.libvirt.BootSource;
import dev.fabric.agent.libvirt.DomainInputs;
import dev.fabric.agent.reconcile.VolumeNames;
import dev.fabric.agent.spec.InstanceSpec;
import dev.fabric.agent.volume.InstanceVolumes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where this host keeps an instance's files: the base image is hashed again right before domains are
 * defined (decision 0520; once per reconcile pass and image, so a pass defining twenty instances of one
 * image reads it once), the overlay and config drive are volumes of Fabric's pool, the serial console
 * goes to the state directory.
 */
final class HostDomainInputs implements DomainInputsSource {
    private final ImageStore images;
    private final InstanceVolumes volumes;
    private final VirtType virtType;
    private final String bridge;
    private final Path consoleDir;
    /** Images verified in the current pass; cleared by {@link #newPass}. */
    private final Map<ImageRef, VerifiedImage> verified = new HashMap<>();

    HostDomainInputs(ImageStore images, InstanceVolumes volumes, VirtType virtType, String bridge, Path consoleDir) {
        this.images = images;
        this.volumes = volumes;
        this.virtType = virtType;
        this.bridge = bridge;
        this.consoleDir = consoleDir;
    }

    /** Called at the start of every pass: images are hashed again before the next define. */
    synchronized void newPass() {
        verified.clear();
    }

    @Override
    public synchronized DomainInputs forSpec(InstanceSpec spec) {
        String domain = spec.domainName();
        VerifiedImage image = verified.computeIfAbsent(spec.image(), images::verify);
        BootSource boot = image instanceof VerifiedImage.Kernel k
                ? new BootSource.Kernel(k.kernel(), k.initrd(), k.cmdline())
                : new BootSource.Disk(volumes.path(VolumeNames.overlay(domain)));
        try {
            Files.createDirectories(consoleDir); // libvirt opens the console log but does not make its directory
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the console log directory " + consoleDir + ": " + e.getMessage(), e);
        }
        return new DomainInputs(spec, virtType, bridge, boot, volumes.path(VolumeNames.configDrive(domain)),
                consoleDir.resolve(domain + ".log"));
    }
}
