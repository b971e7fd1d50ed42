package dev.fabric.agent.volume;

import dev.fabric.agent.reconcile.VolumeNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pool and volume calls against libvirt's test driver (in memory, no daemon, no files). */
class InstanceVolumesTestDriverTest {
    @TempDir
    Path tmp;
    Connect conn;
    PoolSettings settings;

    @BeforeEach
    void connect() throws LibvirtException {
        conn = new Connect("test:///default");
        settings = new PoolSettings("fabric-" + ProcessHandle.current().pid() + "-" + System.nanoTime(), tmp.resolve("instances"));
    }

    @AfterEach
    void close() throws LibvirtException {
        try {
            StoragePool p = conn.storagePoolLookupByName(settings.name());
            for (String v : p.listVolumes()) {
                p.storageVolLookupByName(v).delete(0);
            }
            if (p.isActive() != 0) {
                p.destroy();
            }
            p.undefine();
        } catch (LibvirtException ignored) {
            // the test removed it already or never made it
        }
        conn.close();
    }

    @Test
    void aMissingPoolIsCreatedActiveAndAutostartedAndFoundAgain() throws LibvirtException {
        InstanceVolumes v = InstanceVolumes.open(conn, settings);
        StoragePool p = conn.storagePoolLookupByName(settings.name());
        assertThat(p.isActive()).isEqualTo(1);
        assertThat(p.getAutostart()).isTrue();
        assertThat(v.volumes()).isEmpty();
        p.destroy();
        InstanceVolumes.open(conn, settings); // an inactive pool is started again
        assertThat(p.isActive()).isEqualTo(1);
    }

    @Test
    void aPoolOfThatNameElsewhereIsNotTakenOver() {
        InstanceVolumes.open(conn, settings);
        PoolSettings other = new PoolSettings(settings.name(), tmp.resolve("elsewhere"));
        assertThatThrownBy(() -> InstanceVolumes.open(conn, other)).isInstanceOf(VolumeException.class)
                .hasMessageContaining("exists with directory " + settings.path()).hasMessageContaining(other.path().toString());
    }

    @Test
    void overlaysAreCreatedOnceListedAndDeletedIdempotently() {
        InstanceVolumes v = InstanceVolumes.open(conn, settings);
        String name = VolumeNames.overlay("fabric.web.WebRole.0");
        Path path = v.createOverlay(name, VolumeXmlTest.BASE);
        assertThat(path).isEqualTo(settings.path().resolve(name));
        assertThat(v.createOverlay(name, VolumeXmlTest.BASE)).isEqualTo(path); // interrupted round: kept
        assertThat(v.volumes()).containsExactly(name);

        v.delete(List.of(name, VolumeNames.configDrive("fabric.web.WebRole.0")));
        assertThat(v.volumes()).isEmpty();
        v.delete(List.of(name)); // already gone: not an error
    }

    @Test
    void nonFabricNamesAreRefusedBeforeAnythingIsDeleted() throws LibvirtException {
        InstanceVolumes v = InstanceVolumes.open(conn, settings);
        String ours = VolumeNames.overlay("fabric.web.WebRole.0");
        v.createOverlay(ours, VolumeXmlTest.BASE);
        conn.storagePoolLookupByName(settings.name()).storageVolCreateXML(
                "<volume><name>someone-elses.qcow2</name><capacity>1024</capacity></volume>", 0);

        assertThatThrownBy(() -> v.delete(List.of(ours, "someone-elses.qcow2"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("someone-elses.qcow2");
        assertThatThrownBy(() -> v.delete(List.of("fabric.x/../../etc.cidata.img"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(v.volumes()).containsExactly(ours); // the other volume is not even listed
        assertThat(conn.storagePoolLookupByName(settings.name()).listVolumes()).contains(ours, "someone-elses.qcow2");
    }

    @Test
    void aConfigDriveFileIsWrittenCompleteAndDeleted() throws Exception {
        InstanceVolumes v = InstanceVolumes.open(conn, settings);
        Files.createDirectories(settings.path()); // the test driver makes no directories
        String name = VolumeNames.configDrive("fabric.web.WebRole.0");
        Path file = v.writeConfigDrive(name, new byte[]{1, 2, 3});
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
        Files.writeString(settings.path().resolve("." + name + ".123.tmp"), "left by a crash");
        v.delete(List.of(name));
        try (var s = Files.list(settings.path())) {
            assertThat(s).isEmpty();
        }
    }
}
