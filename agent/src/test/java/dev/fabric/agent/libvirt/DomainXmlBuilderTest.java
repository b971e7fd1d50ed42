package dev.fabric.agent.libvirt;

import dev.fabric.agent.Fixtures;
import dev.fabric.agent.addressing.AddressAllocator;
import dev.fabric.agent.desired.DesiredInstance;
import dev.fabric.agent.desired.VirtType;
import dev.fabric.agent.spec.InstanceMetadata;
import dev.fabric.agent.spec.InstanceSpec;
import dev.fabric.agent.spec.InvalidMetadataException;
import dev.fabric.firewall.placement.Ipv4Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DomainXmlBuilderTest {
    private static final Path VOLUMES = Path.of("/var/lib/fabric/volumes");
    private final DomainXmlBuilder builder = new DomainXmlBuilder();

    @TempDir
    Path tmp;

    static InstanceSpec spec(String imageName, dev.fabric.servicedef.model.Service service, int instance) {
        DesiredInstance d = Fixtures.desired(imageName, service).instances().get(instance);
        return InstanceSpec.of(d, new AddressAllocator(Fixtures.SUBNET)
                .assignment(d.id(), Ipv4Address.parse("10.213.0.1" + instance)));
    }

    static DomainInputs kernelBoot(InstanceSpec spec) {
        return new DomainInputs(spec, VirtType.QEMU, "fabbr0",
                new BootSource.Kernel(Path.of("/var/lib/fabric/images/tiny/vmlinuz"), Path.of("/var/lib/fabric/images/tiny/initrd.gz"),
                        "console=ttyS0 quiet"),
                VOLUMES.resolve(spec.domainName() + ".cidata.img"), Path.of("/var/log/fabric/" + spec.domainName() + ".console.log"));
    }

    static DomainInputs diskBoot(InstanceSpec spec) {
        return new DomainInputs(spec, VirtType.KVM, "fabbr0", new BootSource.Disk(VOLUMES.resolve(spec.domainName() + ".overlay.qcow2")),
                VOLUMES.resolve(spec.domainName() + ".cidata.img"), Path.of("/var/log/fabric/" + spec.domainName() + ".console.log"));
    }

    @Test
    void kernelBootDomainPassesLibvirtsSchemaAndSaysWhatItShould() throws Exception {
        InstanceSpec spec = spec("tiny", Fixtures.webfarm(2), 1);

        String xml = builder.build(kernelBoot(spec));

        Tools.Result valid = Tools.validateDomain(tmp, xml);
        assertThat(valid.exitCode()).as(valid.output() + "\n" + xml).isZero();
        assertThat(xml).startsWith("<domain type=\"qemu\">")
                .contains("<name>fabric.webfarm.WebRole.1</name>")
                .contains("<memory unit=\"MiB\">128</memory>", "<vcpu>1</vcpu>")
                .contains("<kernel>/var/lib/fabric/images/tiny/vmlinuz</kernel>", "<initrd>/var/lib/fabric/images/tiny/initrd.gz</initrd>")
                .contains("<cmdline>console=ttyS0 quiet</cmdline>")
                .contains("<mac address=\"52:54:00:d5:00:0b\"/>", "<source bridge=\"fabbr0\"/>", "<target dev=\"fab-1\"/>")
                .contains("<source file=\"/var/lib/fabric/volumes/fabric.webfarm.WebRole.1.cidata.img\"/>")
                .contains("<target dev=\"vda\" bus=\"virtio\"/>", "<readonly/>")
                .contains("<serial type=\"file\">", "<source path=\"/var/log/fabric/fabric.webfarm.WebRole.1.console.log\"/>")
                .contains("<fabric:instance xmlns:fabric=\"https://fabric.dev/xmlns/instance/1\">")
                .doesNotContain("qcow2", "<boot dev=");
    }

    @Test
    void diskBootDomainHasTheOverlayFirstAndTheConfigDriveSecond() throws Exception {
        InstanceSpec spec = spec("debian-12", Fixtures.webfarm(2), 2);

        String xml = builder.build(diskBoot(spec));

        Tools.Result valid = Tools.validateDomain(tmp, xml);
        assertThat(valid.exitCode()).as(valid.output() + "\n" + xml).isZero();
        assertThat(xml).startsWith("<domain type=\"kvm\">").contains("<boot dev=\"hd\"/>").doesNotContain("<kernel>");
        int overlay = xml.indexOf("fabric.webfarm.WorkerRole.0.overlay.qcow2");
        int drive = xml.indexOf("fabric.webfarm.WorkerRole.0.cidata.img");
        assertThat(overlay).isPositive().isLessThan(drive);
        assertThat(xml).contains("<driver name=\"qemu\" type=\"qcow2\"/>", "<target dev=\"vda\" bus=\"virtio\"/>",
                "<driver name=\"qemu\" type=\"raw\"/>", "<target dev=\"vdb\" bus=\"virtio\"/>");
    }

    @Test
    void awkwardNamesAreEscapedAndStillValid() throws Exception {
        InstanceSpec spec = spec("tiny", Fixtures.everything(), 0);

        String xml = builder.build(kernelBoot(spec));

        Tools.Result valid = Tools.validateDomain(tmp, xml);
        assertThat(valid.exitCode()).as(valid.output() + "\n" + xml).isZero();
        assertThat(spec.domainName()).matches("fabric\\.game\\.Game_Server____Co_\\.0-[0-9a-f]{8}");
        assertThat(xml).contains("role=\"Game Server &amp; &lt;Co&gt;\"");
    }

    @Test
    void settingValuesAppearNowhereInTheDomain() {
        InstanceSpec spec = spec("tiny", Fixtures.everything(), 0);

        String xml = builder.build(kernelBoot(spec));

        assertThat(xml).doesNotContain("quoted", "Motd", "rm -rf").contains("<fabric:settings sha256=\"" + spec.settingsSha256() + "\"/>");
    }

    @Test
    void metadataRoundTripsThroughTheDomainXml() {
        for (InstanceSpec spec : List.of(spec("tiny", Fixtures.webfarm(2), 0), spec("debian-12", Fixtures.everything(), 1))) {
            String xml = builder.build(spec.image().kind() == dev.fabric.agent.desired.ImageRef.Kind.DISK ? diskBoot(spec) : kernelBoot(spec));

            assertThat(InstanceMetadata.fromDomainXml(xml)).contains(spec);
            assertThat(InstanceMetadata.fromDomainXml(InstanceMetadata.toXml(spec))).contains(spec);
        }
    }

    @Test
    void metadataSurvivesLibvirtAndIsReadBackFromLibvirtAlone() throws Exception {
        InstanceSpec spec = spec("tiny", Fixtures.everything(), 1);

        Tools.Result dumped = Tools.virshTestDriver(tmp, builder.build(kernelBoot(spec)), "dumpxml " + spec.domainName());
        Tools.Result element = Tools.virshTestDriver(tmp, builder.build(kernelBoot(spec)),
                "metadata " + spec.domainName() + " " + InstanceMetadata.NAMESPACE);

        assertThat(dumped.exitCode()).as(dumped.output()).isZero();
        assertThat(InstanceMetadata.fromDomainXml(dumped.output())).contains(spec);
        assertThat(element.exitCode()).as(element.output()).isZero();
        assertThat(element.output()).contains("<instance>"); // libvirt drops prefix and namespace declaration
        assertThat(InstanceMetadata.fromMetadataElement(element.output())).isEqualTo(spec);
    }

    @Test
    void aDomainWithoutFabricMetadataIsNotFabrics() {
        assertThat(InstanceMetadata.fromDomainXml("<domain type='qemu'><name>other</name><metadata>"
                + "<x:instance xmlns:x='https://example.org/other'/></metadata></domain>")).isEqualTo(Optional.empty());
    }

    @Test
    void unreadableMetadataSaysWhatIsWrong() {
        String broken = InstanceMetadata.toXml(spec("tiny", Fixtures.webfarm(1), 0)).replace("vcpus=\"1\"", "vcpus=\"one\"");

        assertThatThrownBy(() -> InstanceMetadata.fromDomainXml(broken))
                .isInstanceOf(InvalidMetadataException.class)
                .hasMessageContaining("<size vcpus=\"one\"> is not a number");
        assertThatThrownBy(() -> InstanceMetadata.fromMetadataElement("<domain/>"))
                .isInstanceOf(InvalidMetadataException.class)
                .hasMessageContaining("found <domain>");
    }

    @Test
    void autoVirtTypeAndMismatchedBootAreRefused() {
        InstanceSpec spec = spec("tiny", Fixtures.webfarm(1), 0);
        DomainInputs k = kernelBoot(spec);

        assertThatThrownBy(() -> new DomainInputs(spec, VirtType.AUTO, "fabbr0", k.boot(), k.configDrive(), k.consoleLog()))
                .hasMessageContaining("auto must be resolved");
        assertThatThrownBy(() -> new DomainInputs(spec, VirtType.QEMU, "fabbr0", new BootSource.Disk(Path.of("/x.qcow2")),
                k.configDrive(), k.consoleLog()))
                .hasMessageContaining("image tiny is a kernel image");
    }
}
