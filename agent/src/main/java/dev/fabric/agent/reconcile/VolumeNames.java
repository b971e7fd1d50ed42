package dev.fabric.agent.reconcile;

import dev.fabric.agent.spec.DomainNames;

/**
 * Names of an instance's volumes in the agent's storage pool, derived from its domain name, so
 * every volume can be traced to its instance and orphans can be recognised.
 */
public final class VolumeNames {
    public static final String OVERLAY_SUFFIX = ".overlay.qcow2";
    public static final String CONFIG_DRIVE_SUFFIX = ".cidata.img";

    private VolumeNames() {
    }

    public static String overlay(String domain) {
        return domain + OVERLAY_SUFFIX;
    }

    public static String configDrive(String domain) {
        return domain + CONFIG_DRIVE_SUFFIX;
    }

    /** True for a volume Fabric made (named after one of its domains). */
    public static boolean isFabricVolume(String volume) {
        return volume.startsWith(DomainNames.PREFIX)
                && (volume.endsWith(OVERLAY_SUFFIX) || volume.endsWith(CONFIG_DRIVE_SUFFIX));
    }
}
