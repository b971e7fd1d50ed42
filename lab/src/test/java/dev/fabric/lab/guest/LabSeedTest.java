package dev.fabric.lab.guest;

import dev.fabric.agent.configdrive.ConfigDrive;
import dev.fabric.lab.LabDeployment;
import dev.fabric.lab.LabNetwork;
import dev.fabric.lab.LabPaths;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The lab's guests described by the agent's parts, and their seeds, for examples/webfarm (no lab needed). */
class LabSeedTest {
    static final LabNetwork NET = LabNetwork.CONTRACT;
    final LabDeployment farm = LabDeployment.load(LabPaths.repoRoot(), Path.of("examples/webfarm/ServiceDefinition.csdef"),
            Path.of("examples/webfarm/ServiceConfiguration.cscfg"), NET);

    List<LabGuest> guests() {
        return LabGuestSpecs.of(farm.service(), farm.instances(), NET, "0".repeat(64));
    }

    @Test
    void theAgentPlacesTheLabsInstancesWhereTheSamplePlacementDoes() {
        assertThat(guests()).extracting(g -> g.spec().id().text(), LabGuest::domainName,
                        g -> g.spec().network().address().toString(), g -> g.spec().network().tap(), g -> g.spec().memoryMiB())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("webfarm.WebRole.0", "fabric.webfarm.WebRole.0", "10.213.0.10", "fab-0", 128L),
                        org.assertj.core.groups.Tuple.tuple("webfarm.WebRole.1", "fabric.webfarm.WebRole.1", "10.213.0.11", "fab-1", 128L),
                        org.assertj.core.groups.Tuple.tuple("webfarm.WorkerRole.0", "fabric.webfarm.WorkerRole.0", "10.213.0.12", "fab-2", 128L));
        assertThat(LabGuestSpecs.domainPrefix(farm.service())).isEqualTo("fabric.webfarm.");
    }

    @Test
    void fabricsSeedDeclaresOnlyTheRolesPortsAndTheLabFileAddsTheRest() {
        LabGuest web = guests().get(0);
        TreeSet<Integer> undeclared = new TreeSet<>(List.of(22, 3306, 9000));
        ConfigDrive drive = LabSeed.drive(web, NET.subnet(), undeclared);
        assertThat(drive.file("fabric.env")).contains("FABRIC_INSTANCE='webfarm.WebRole.0'", "FABRIC_ADDRESS='10.213.0.10/24'",
                "FABRIC_GATEWAY='10.213.0.1'", "FABRIC_TCP_PORTS='8080'\n");
        assertThat(drive.file(LabSeed.LAB_FILE)).isEqualTo("FABRIC_LAB_TCP_PORTS='22 3306 9000'\n");
        assertThat(drive.files().keySet()).containsExactlyInAnyOrder("meta-data", "network-config", "user-data",
                "fabric.env", LabSeed.LAB_FILE);
    }

    @Test
    void theDomainCarriesTheConfigDriveAndOnlyConsoleSettingsOnTheKernelCommandLine() {
        LabGuest web = guests().get(0);
        GuestImage image = new GuestImage(Path.of("/img/vmlinuz"), Path.of("/img/initrd.img"));
        String xml = new InstanceBooter(null, image, NET, null, "qemu", Path.of("/seeds"))
                .domainXml(web, Path.of("/seeds/fabric.webfarm.WebRole.0.cidata.iso"));
        assertThat(xml).contains("<cmdline>console=ttyS0 quiet</cmdline>", "/seeds/fabric.webfarm.WebRole.0.cidata.iso",
                "<readonly/>", "52:54:00:d5:00:0a", "fab-0", "fabbr0", "type=\"qemu\"")
                .doesNotContain("fabric.ip", "fabric.ports");
    }
}
