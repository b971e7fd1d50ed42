package dev.fabric.agent.volume;

import dev.fabric.agent.configdrive.Iso9660Writer;
import dev.fabric.agent.desired.ImageRef;
import dev.fabric.agent.image.ImageStore;
import dev.fabric.agent.image.QemuImg;
import dev.fabric.agent.image.Sha256;
import dev.fabric.agent.image.VerifiedImage;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real overlays on a running qemu:///system, in a pool of its own (unique name, temporary directory)
 * that is removed afterwards. Skipped when no libvirtd answers or when it does not share this
 * process's file system (e.g. the lab's daemon in its own mount namespace). Never starts or stops
 * libvirtd.
 */
class InstanceVolumesQemuTest {
    @TempDir
    Path tmp;
    Connect conn;
    PoolSettings settings;

    @BeforeEach
    void connect() throws Exception {
        Process p = new ProcessBuilder("virsh", "-c", "qemu:///system", "version").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "no libvirtd answers on qemu:///system");
        QemuImg.assumeAvailable();
        conn = new Connect("qemu:///system");
        settings = new PoolSettings("fabric-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime(), tmp.resolve("instances"));
    }

    @AfterEach
    void removePool() throws LibvirtException {
        if (conn == null) {
            return;
        }
        try {
            StoragePool p = conn.storagePoolLookupByName(settings.name());
            if (p.isActive() != 0) {
                p.refresh(0);
                for (String v : p.listVolumes()) {
                    p.storageVolLookupByName(v).delete(0);
                }
                p.destroy();
            }
            p.undefine();
        } catch (LibvirtException ignored) {
            // never created
        }
        conn.close();
    }

    @Test
    void anOverlayIsBackedByTheVerifiedBaseWhichIsNeverWritten() throws Exception {
        InstanceVolumes volumes = InstanceVolumes.open(conn, settings);
        assumeTrue(Files.isDirectory(settings.path()), "libvirtd built " + settings.path()
                + " in another mount namespace: it does not share this file system");

        Path src = QemuImg.create(tmp.resolve("base.qcow2"), "64M");
        QemuImg.runTool("qemu-io", "-f", "qcow2", "-c", "write -P 0x61 0 64k", src.toString());
        ImageStore store = new ImageStore(tmp.resolve("images"));
        ImageRef ref = store.registerDisk("base", src, Sha256.of(src), ImageStore.Placement.COPY);
        VerifiedImage.Disk base = (VerifiedImage.Disk) store.verify(ref);

        String overlay = VolumeNames.overlay("fabric.web.WebRole.0");
        long t0 = System.nanoTime();
        Path path = volumes.createOverlay(overlay, base);
        long micros = (System.nanoTime() - t0) / 1000;
        System.out.println("overlay created by libvirt in " + micros + " us");

        String info = QemuImg.infoJson(path);
        assertThat(info).contains("\"format\": \"qcow2\"", "\"backing-filename\": \"" + base.file() + "\"",
                "\"backing-filename-format\": \"qcow2\"", "\"virtual-size\": " + (64 << 20));
        // the guest's writes land in the overlay; it still reads the base where it did not write
        QemuImg.runTool("qemu-io", "-f", "qcow2", "-c", "write -P 0x62 64k 64k", path.toString());
        assertThat(QemuImg.runTool("qemu-io", "-f", "qcow2", "-c", "read -P 0x61 0 64k", "-c", "read -P 0x62 64k 64k",
                path.toString())).doesNotContain("Pattern verification failed");
        assertThat(store.verify(ref)).isEqualTo(base); // the base's digest is unchanged

        String drive = VolumeNames.configDrive("fabric.web.WebRole.0");
        Path drivePath = volumes.writeConfigDrive(drive, Iso9660Writer.write("cidata", Map.of("meta-data", "x\n".getBytes())));
        assertThat(volumes.volumes()).containsExactly(drive, overlay);

        volumes.delete(List.of(overlay, drive));
        assertThat(volumes.volumes()).isEmpty();
        assertThat(path).doesNotExist();
        assertThat(drivePath).doesNotExist();
        assertThat(base.file()).exists();
        volumes.delete(List.of(overlay, drive)); // already gone: fine
    }
}
