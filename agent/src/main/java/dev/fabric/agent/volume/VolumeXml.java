package dev.fabric.agent.volume;

import dev.fabric.agent.image.VerifiedImage;
import dev.fabric.agent.xml.XmlElement;

/** Libvirt storage XML for Fabric's pool and its overlays. Pure. */
public final class VolumeXml {
    private VolumeXml() {
    }

    /** A directory pool. */
    public static String pool(PoolSettings settings) {
        XmlElement pool = new XmlElement("pool").attr("type", "dir");
        pool.textChild("name", settings.name());
        pool.child("target").textChild("path", settings.path());
        return pool.render();
    }

    /**
     * A qcow2 overlay of {@code base}: same capacity, every write lands in the overlay. The backing
     * format is stated, so QEMU never probes the base's format.
     */
    public static String overlay(String volume, VerifiedImage.Disk base) {
        XmlElement vol = new XmlElement("volume").attr("type", "file");
        vol.textChild("name", volume);
        vol.child("capacity").attr("unit", "bytes").text(Long.toString(base.virtualSize()));
        vol.child("target").child("format").attr("type", "qcow2");
        XmlElement backing = vol.child("backingStore");
        backing.textChild("path", base.file());
        backing.child("format").attr("type", "qcow2");
        return vol.render();
    }
}
