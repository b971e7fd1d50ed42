package dev.fabric.agent.configdrive;

/**
 * A config drive as the bytes of its volume: an ISO 9660 + Joliet image labelled {@code cidata}, the
 * NoCloud seed cloud-init finds by label and the lab's busybox guest mounts (isofs).
 */
public final class CidataImage {
    private CidataImage() {
    }

    public static byte[] of(ConfigDrive drive) {
        return Iso9660Writer.write(ConfigDrive.VOLUME_LABEL, drive.bytes());
    }
}
