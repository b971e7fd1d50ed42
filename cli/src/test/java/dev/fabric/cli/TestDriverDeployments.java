package dev.fabric.cli;

import dev.fabric.agent.image.Sha256;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What CLI tests that run {@code fabric agent} on libvirt's test driver set up and take down. */
final class TestDriverDeployments {
    private TestDriverDeployments() {
    }

    /** Registers a fake kernel image "tiny" in {@code tmp/images}; returns the directory it came from. */
    static Path registerTinyImage(Path tmp) throws IOException {
        Path kernelDir = Files.createDirectories(tmp.resolve("image"));
        Files.writeString(kernelDir.resolve("vmlinuz"), "kernel");
        Files.writeString(kernelDir.resolve("initrd.img"), "initrd");
        Files.writeString(kernelDir.resolve("SHA256SUMS"), Sha256.of(kernelDir.resolve("vmlinuz")) + "  vmlinuz\n"
                + Sha256.of(kernelDir.resolve("initrd.img")) + "  initrd.img\n");
        CliRun add = CliRun.of("image", "add-kernel", "tiny", kernelDir.toString(), "--store", tmp.resolve("images").toString(),
                "--reference");
        assertThat(add.exit()).as(add.err()).isZero();
        Files.createDirectories(tmp.resolve("instances")); // the test driver makes no directories
        return kernelDir;
    }

    /** Destroys and undefines deployment {@code name}'s domains and removes storage pool {@code pool}. */
    static void removeAll(Connect conn, String name, String pool) throws LibvirtException {
        for (int id : conn.listDomains()) {
            Domain d = conn.domainLookupByID(id);
            if (d.getName().startsWith("fabric." + name + ".")) {
                d.destroy();
            }
        }
        for (String d : conn.listDefinedDomains()) {
            if (d.startsWith("fabric." + name + ".")) {
                conn.domainLookupByName(d).undefine();
            }
        }
        try {
            StoragePool p = conn.storagePoolLookupByName(pool);
            if (p.isActive() != 0) {
                p.destroy();
            }
            p.undefine();
        } catch (LibvirtException neverCreated) {
            // nothing to remove
        }
    }
}
