package dev.fabric.lab.guest;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Libvirt domain XML for a lab guest: direct kernel boot, one virtio NIC on a bridge with a fixed
 * MAC and tap name, the serial console written to a file. Nothing else (no disk: the guest lives
 * in its initramfs).
 */
public final class DomainXmlBuilder {
    private String name;
    private String virtType = "qemu";
    private int memoryMiB = 128;
    private int vcpus = 1;
    private Path kernel;
    private Path initrd;
    private String cmdline = "";
    private String mac;
    private String bridge;
    private String tap;
    private Path consoleLog;

    public DomainXmlBuilder name(String v) { this.name = v; return this; }
    /** {@code qemu} (TCG, works everywhere) or {@code kvm}. */
    public DomainXmlBuilder virtType(String v) { this.virtType = v; return this; }
    public DomainXmlBuilder memoryMiB(int v) { this.memoryMiB = v; return this; }
    public DomainXmlBuilder vcpus(int v) { this.vcpus = v; return this; }
    public DomainXmlBuilder kernel(Path v) { this.kernel = v; return this; }
    public DomainXmlBuilder initrd(Path v) { this.initrd = v; return this; }
    public DomainXmlBuilder cmdline(String v) { this.cmdline = v; return this; }
    public DomainXmlBuilder nic(String macAddress, String bridgeName, String tapName) {
        this.mac = macAddress;
        this.bridge = bridgeName;
        this.tap = tapName;
        return this;
    }
    public DomainXmlBuilder consoleLog(Path v) { this.consoleLog = v; return this; }

    public String build() {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initrd, "initrd");
        Objects.requireNonNull(mac, "nic");
        StringBuilder x = new StringBuilder();
        x.append("<domain type='").append(esc(virtType)).append("'>\n");
        x.append("  <name>").append(esc(name)).append("</name>\n");
        x.append("  <memory unit='MiB'>").append(memoryMiB).append("</memory>\n");
        x.append("  <vcpu>").append(vcpus).append("</vcpu>\n");
        x.append("  <os>\n");
        x.append("    <type arch='x86_64' machine='pc'>hvm</type>\n");
        x.append("    <kernel>").append(esc(kernel.toString())).append("</kernel>\n");
        x.append("    <initrd>").append(esc(initrd.toString())).append("</initrd>\n");
        x.append("    <cmdline>").append(esc(cmdline)).append("</cmdline>\n");
        x.append("  </os>\n");
        x.append("  <on_poweroff>destroy</on_poweroff>\n");
        x.append("  <on_reboot>destroy</on_reboot>\n");
        x.append("  <on_crash>destroy</on_crash>\n");
        x.append("  <devices>\n");
        x.append("    <interface type='bridge'>\n");
        x.append("      <mac address='").append(esc(mac)).append("'/>\n");
        x.append("      <source bridge='").append(esc(bridge)).append("'/>\n");
        x.append("      <target dev='").append(esc(tap)).append("'/>\n");
        x.append("      <model type='virtio'/>\n");
        x.append("    </interface>\n");
        if (consoleLog != null) {
            x.append("    <serial type='file'>\n");
            x.append("      <source path='").append(esc(consoleLog.toString())).append("'/>\n");
            x.append("      <target port='0'/>\n");
            x.append("    </serial>\n");
        }
        x.append("    <memballoon model='none'/>\n");
        x.append("  </devices>\n");
        x.append("</domain>\n");
        return x.toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("'", "&apos;").replace("\"", "&quot;");
    }
}
