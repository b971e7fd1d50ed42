package dev.fabric.agent.execute;

import dev.fabric.agent.reconcile.Action;

import java.nio.file.Path;

/**
 * The reconciler's volume actions (overlay, config drive, deletion), implemented over the image
 * store and the instance storage pool. The real one is
 * {@code dev.fabric.agent.volume.VolumeActions}.
 */
public interface VolumeExecutor {
    Path createOverlay(Action.CreateOverlay action);

    Path createConfigDrive(Action.CreateConfigDrive action);

    void deleteVolumes(Action.DeleteVolumes action);
}
