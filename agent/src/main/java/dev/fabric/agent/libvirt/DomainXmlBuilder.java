package dev.fabric.agent.libvirt;

import dev.fabric.agent.spec.InstanceMetadata;
import dev.fabric.agent.spec.InstanceSpec;
import dev.fabric.agent.xml.XmlElement;

import java.nio.file.Path;

/**
 * Libvirt domain XML for one instance: size, boot (overlay disk or direct kernel), the config drive
 * as a read-only virtio disk, one virtio NIC on the host bridge with the instance's MAC and tap
 * name, the serial console to a file, and the instance spec in {@code <metadata>}. Pure.
 */
public final class DomainXmlBuilder {

    public String build(DomainInputs in) {
        InstanceSpec spec = in.spec();
        XmlElement domain = new XmlElement("domain").attr("type", in.virtType().domainType());
        domain.textChild("name", spec.domainName());
        domain.textChild("title", "Fabric instance " + spec.id());
        domain.child("metadata").add(InstanceMetadata.toElement(spec));
        domain.child("memory").attr("unit", "MiB").text(Long.toString(spec.memoryMiB()));
        domain.textChild("vcpu", spec.vcpus());
        os(domain.child("os"), in.boot());
        domain.child("features").child("acpi");
        domain.textChild("on_poweroff", "destroy");
        domain.textChild("on_reboot", "restart");
        // A crashed guest stays down so the agent sees it (lifecycle event) and restarts it with backoff.
        domain.textChild("on_crash", "destroy");

        XmlElement devices = domain.child("devices");
        char nextDisk = 'a';
        if (in.boot() instanceof BootSource.Disk disk) {
            disk(devices, "qcow2", disk.overlay(), nextDisk++, false);
        }
        disk(devices, "raw", in.configDrive(), nextDisk, true);
        XmlElement nic = devices.child("interface").attr("type", "bridge");
        nic.child("mac").attr("address", spec.network().mac());
        nic.child("source").attr("bridge", in.bridge());
        nic.child("target").attr("dev", spec.network().tap());
        nic.child("model").attr("type", "virtio");
        XmlElement serial = devices.child("serial").attr("type", "file");
        serial.child("source").attr("path", in.consoleLog());
        serial.child("target").attr("port", 0);
        devices.child("memballoon").attr("model", "none");
        return domain.render();
    }

    private static void os(XmlElement os, BootSource boot) {
        os.child("type").attr("arch", "x86_64").attr("machine", "pc").text("hvm");
        if (boot instanceof BootSource.Kernel k) {
            os.textChild("kernel", k.kernel());
            os.textChild("initrd", k.initrd());
            os.textChild("cmdline", k.cmdline());
        } else {
            os.child("boot").attr("dev", "hd");
        }
    }

    private static void disk(XmlElement devices, String format, Path file, char letter, boolean readOnly) {
        XmlElement disk = devices.child("disk").attr("type", "file").attr("device", "disk");
        disk.child("driver").attr("name", "qemu").attr("type", format);
        disk.child("source").attr("file", file);
        disk.child("target").attr("dev", "vd" + letter).attr("bus", "virtio");
        if (readOnly) {
            disk.child("readonly");
        }
    }
}
