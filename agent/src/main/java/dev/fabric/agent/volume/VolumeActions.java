package dev.fabric.agent.volume;

import dev.fabric.agent.configdrive.CidataImage;
import dev.fabric.agent.execute.VolumeExecutor;
import dev.fabric.agent.image.ImageException;
import dev.fabric.agent.image.ImageStore;
import dev.fabric.agent.image.VerifiedImage;
import dev.fabric.agent.reconcile.Action;

import java.nio.file.Path;

/**
 * Executes the reconciler's volume actions: the image is verified (hashed) right before its overlay
 * is made, the config drive is written as an ISO 9660 {@code cidata} volume, deletions go to Fabric's
 * pool only.
 */
public final class VolumeActions implements VolumeExecutor {
    private final ImageStore images;
    private final InstanceVolumes volumes;

    public VolumeActions(ImageStore images, InstanceVolumes volumes) {
        this.images = images;
        this.volumes = volumes;
    }

    @Override
    public Path createOverlay(Action.CreateOverlay a) {
        VerifiedImage image = images.verify(a.image());
        if (!(image instanceof VerifiedImage.Disk disk)) {
            throw new ImageException(a.id() + ": image " + a.image().name() + " is a kernel+initrd pair; only a qcow2 disk image gets an overlay");
        }
        return volumes.createOverlay(a.volume(), disk);
    }

    @Override
    public Path createConfigDrive(Action.CreateConfigDrive a) {
        return volumes.writeConfigDrive(a.volume(), CidataImage.of(a.drive()));
    }

    @Override
    public void deleteVolumes(Action.DeleteVolumes a) {
        volumes.delete(a.volumes());
    }
}
