package dev.fabric.agent.volume;

import dev.fabric.agent.configdrive.ConfigDrive;
import dev.fabric.agent.desired.ImageRef;
import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.image.DigestMismatchException;
import dev.fabric.agent.image.ImageException;
import dev.fabric.agent.image.ImageStore;
import dev.fabric.agent.image.QemuImg;
import dev.fabric.agent.image.Sha256;
import dev.fabric.agent.reconcile.Action;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reconciler's volume actions on the test driver with a real image store. */
class VolumeActionsTest {
    static final String DOMAIN = "fabric.web.WebRole.0";
    @TempDir
    Path tmp;
    Connect conn;
    PoolSettings settings;
    ImageStore store;
    VolumeActions actions;
    InstanceVolumes volumes;

    @BeforeEach
    void setUp() throws Exception {
        conn = new Connect("test:///default");
        settings = new PoolSettings("fabric-actions-" + System.nanoTime(), tmp.resolve("instances"));
        Files.createDirectories(settings.path());
        store = new ImageStore(tmp.resolve("images"));
        volumes = InstanceVolumes.open(conn, settings);
        actions = new VolumeActions(store, volumes);
    }

    @AfterEach
    void tearDown() throws LibvirtException {
        StoragePool p = conn.storagePoolLookupByName(settings.name());
        for (String v : p.listVolumes()) {
            p.storageVolLookupByName(v).delete(0);
        }
        p.destroy();
        p.undefine();
        conn.close();
    }

    private ImageRef registerBase() throws Exception {
        QemuImg.assumeAvailable();
        Path src = QemuImg.create(tmp.resolve("base.qcow2"), "32M");
        return store.registerDisk("base", src, Sha256.of(src), ImageStore.Placement.COPY);
    }

    @Test
    void createAndDeleteAnInstancesVolumes() throws Exception {
        ImageRef ref = registerBase();
        InstanceId id = new InstanceId("web", "WebRole", 0);
        Path overlay = actions.createOverlay(new Action.CreateOverlay(id, VolumeNames.overlay(DOMAIN), ref));
        Path drive = actions.createConfigDrive(new Action.CreateConfigDrive(id, VolumeNames.configDrive(DOMAIN),
                new ConfigDrive(Map.of("meta-data", "instance-id: x\n"))));

        assertThat(overlay.getFileName().toString()).isEqualTo(VolumeNames.overlay(DOMAIN));
        assertThat(volumes.volumes()).contains(VolumeNames.overlay(DOMAIN));
        assertThat(Files.readAllBytes(drive)).startsWith(new byte[32768]); // ISO 9660: 16 empty system sectors, then "CD001"
        assertThat(new String(Files.readAllBytes(drive), 32769, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("CD001");

        actions.deleteVolumes(new Action.DeleteVolumes(List.of(VolumeNames.overlay(DOMAIN), VolumeNames.configDrive(DOMAIN))));
        assertThat(volumes.volumes()).isEmpty();
        assertThat(drive).doesNotExist();
    }

    @Test
    void aTamperedBaseGetsNoOverlay() throws Exception {
        ImageRef ref = registerBase();
        Path blob = tmp.resolve("images/blobs").resolve(ref.sha256());
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
        Files.write(blob, new byte[]{0}, java.nio.file.StandardOpenOption.APPEND);
        Action.CreateOverlay a = new Action.CreateOverlay(new InstanceId("web", "WebRole", 0), VolumeNames.overlay(DOMAIN), ref);

        assertThatThrownBy(() -> actions.createOverlay(a)).isInstanceOf(DigestMismatchException.class).hasMessageContaining(blob.toString());
        assertThat(volumes.volumes()).isEmpty(); // nothing half-created
    }

    @Test
    void aMissingImageGetsNoOverlay() {
        ImageRef ref = new ImageRef("debian-12", "b".repeat(64), ImageRef.Kind.DISK);
        Action.CreateOverlay a = new Action.CreateOverlay(new InstanceId("web", "WebRole", 0), VolumeNames.overlay(DOMAIN), ref);
        assertThatThrownBy(() -> actions.createOverlay(a)).isInstanceOf(ImageException.class)
                .hasMessageContaining("image debian-12 is not registered");
        assertThat(volumes.volumes()).isEmpty();
    }
}
