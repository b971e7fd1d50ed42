package dev.fabric.agent.image;

import dev.fabric.agent.desired.ImageRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageStoreTest {
    @TempDir
    Path tmp;
    Path storeRoot;
    ImageStore store;

    @BeforeEach
    void setUp() {
        storeRoot = tmp.resolve("store");
        store = new ImageStore(storeRoot);
    }

    private Path base(String name) {
        QemuImg.assumeAvailable();
        return QemuImg.create(tmp.resolve(name), "64M");
    }

    @Test
    void aCopiedDiskIsContentAddressedReadOnlyAndVerifies() throws IOException {
        Path src = base("base.qcow2");
        String sha = Sha256.of(src);
        ImageRef ref = store.registerDisk("debian", src, sha, ImageStore.Placement.COPY);

        assertThat(ref).isEqualTo(new ImageRef("debian", sha, ImageRef.Kind.DISK));
        Path blob = storeRoot.resolve("blobs").resolve(sha);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(blob))).isEqualTo("r--r--r--");
        assertThat(store.catalog().find("debian")).contains(ref);
        VerifiedImage.Disk v = (VerifiedImage.Disk) store.verify(ref);
        assertThat(v.file()).isEqualTo(blob);
        assertThat(v.virtualSize()).isEqualTo(64L << 20);
        // the source can go away: the store holds its own copy
        Files.delete(src);
        assertThat(new ImageStore(storeRoot).verify(ref)).isEqualTo(v);
        try (Stream<Path> files = Files.list(storeRoot.resolve("blobs"))) {
            assertThat(files).containsExactly(blob); // no temporary files left behind
        }
    }

    @Test
    void aTamperedImageIsRefusedNamingFileExpectedAndActualDigest() throws IOException {
        Path src = base("base.qcow2");
        String sha = Sha256.of(src);
        ImageRef ref = store.registerDisk("debian", src, sha, ImageStore.Placement.COPY);
        Path blob = storeRoot.resolve("blobs").resolve(sha);
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
        try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
            f.seek(100_000);
            f.write(0x42);
        }
        String actual = Sha256.of(blob);

        assertThatThrownBy(() -> store.verify(ref)).isInstanceOfSatisfying(DigestMismatchException.class, e -> {
            assertThat(e.file()).isEqualTo(blob);
            assertThat(e.expected()).isEqualTo(sha);
            assertThat(e.actual()).isEqualTo(actual);
            assertThat(e.getMessage()).contains("debian", blob.toString(), sha, actual, "refused");
        });
    }

    @Test
    void aReferencedFileThatChangesAfterRegistrationIsRefused() throws IOException {
        Path src = base("base.qcow2");
        ImageRef ref = store.registerDisk("debian", src, Sha256.of(src), ImageStore.Placement.REFERENCE);
        assertThat(((VerifiedImage.Disk) store.verify(ref)).file()).isEqualTo(src);
        Files.write(src, new byte[]{1}, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> store.verify(ref)).isInstanceOf(DigestMismatchException.class).hasMessageContaining(src.toString());
    }

    @Test
    void aWrongStatedDigestRegistersNothing() throws IOException {
        Path src = base("base.qcow2");
        String wrong = "ab".repeat(32);
        assertThatThrownBy(() -> store.registerDisk("debian", src, wrong, ImageStore.Placement.COPY))
                .isInstanceOf(DigestMismatchException.class).hasMessageContaining(wrong).hasMessageContaining(Sha256.of(src));
        assertThat(store.catalog().images()).isEmpty();
        try (Stream<Path> files = Files.list(storeRoot.resolve("blobs"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aMissingImageSaysWhichAndHowToRegisterIt() {
        ImageRef ref = new ImageRef("ubuntu", "cd".repeat(32), ImageRef.Kind.DISK);
        assertThatThrownBy(() -> store.verify(ref)).isInstanceOf(ImageException.class)
                .hasMessageContaining("image ubuntu is not registered").hasMessageContaining(storeRoot.toString())
                .hasMessageContaining("register it first");
    }

    @Test
    void aDigestOtherThanTheRegisteredOneIsRefused() throws IOException {
        Path src = base("base.qcow2");
        store.registerDisk("debian", src, Sha256.of(src), ImageStore.Placement.COPY);
        ImageRef other = new ImageRef("debian", "ef".repeat(32), ImageRef.Kind.DISK);
        assertThatThrownBy(() -> store.verify(other)).hasMessageContaining("registered with SHA-256 " + Sha256.of(src))
                .hasMessageContaining("asks for " + "ef".repeat(32));
    }

    @Test
    void aBaseWithABackingFileIsRefused() throws IOException {
        Path parent = base("parent.qcow2");
        Path child = QemuImg.create(tmp.resolve("child.qcow2"), null, "-b", parent.toString(), "-F", "qcow2");
        assertThatThrownBy(() -> store.registerDisk("evil", child, Sha256.of(child), ImageStore.Placement.COPY))
                .isInstanceOf(ImageException.class).hasMessageContaining("backing file");
        assertThat(store.catalog().images()).isEmpty();
    }

    @Test
    void aBaseWithAnExternalDataFileIsRefused() throws IOException {
        QemuImg.assumeAvailable();
        Path img = QemuImg.create(tmp.resolve("data.qcow2"), "16M", "-o", "data_file=" + tmp.resolve("host-file.raw"));
        assertThatThrownBy(() -> store.registerDisk("evil", img, Sha256.of(img), ImageStore.Placement.REFERENCE))
                .hasMessageContaining("external data file");
    }

    @Test
    void aRawFileIsNotADiskImage() throws IOException {
        Path raw = Files.write(tmp.resolve("disk.raw"), new byte[4096]);
        assertThatThrownBy(() -> store.registerDisk("raw", raw, Sha256.of(raw), ImageStore.Placement.COPY))
                .hasMessageContaining("not a qcow2 image");
    }

    @Test
    void aKernelDirectoryIsRegisteredWithItsSha256Sums() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("image"));
        Files.writeString(dir.resolve("vmlinuz"), "kernel bytes");
        Files.writeString(dir.resolve("initrd.img"), "initrd bytes");
        String k = Sha256.of(dir.resolve("vmlinuz"));
        String i = Sha256.of(dir.resolve("initrd.img"));
        Files.writeString(dir.resolve("SHA256SUMS"), k + "  vmlinuz\n" + i + "  initrd.img\n");

        ImageRef ref = store.registerKernelDirectory("tiny", dir, "console=ttyS0", ImageStore.Placement.COPY);

        // the pair's digest is what `sha256sum SHA256SUMS` prints for the lab's file
        assertThat(ref.sha256()).isEqualTo(Sha256.of(dir.resolve("SHA256SUMS")));
        assertThat(ref.kind()).isEqualTo(ImageRef.Kind.KERNEL);
        VerifiedImage.Kernel v = (VerifiedImage.Kernel) store.verify(ref);
        assertThat(v.kernel()).isEqualTo(storeRoot.resolve("blobs").resolve(k));
        assertThat(v.initrd()).isEqualTo(storeRoot.resolve("blobs").resolve(i));
        assertThat(v.cmdline()).isEqualTo("console=ttyS0");
        assertThat(Files.readString(v.kernel())).isEqualTo("kernel bytes");
    }

    @Test
    void aKernelWhoseInitrdDoesNotMatchItsSumsIsRefused() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("image"));
        Files.writeString(dir.resolve("vmlinuz"), "kernel bytes");
        Files.writeString(dir.resolve("initrd.img"), "initrd bytes");
        Files.writeString(dir.resolve("SHA256SUMS"), Sha256.of(dir.resolve("vmlinuz")) + "  vmlinuz\n"
                + Sha256.of("other") + "  initrd.img\n");
        assertThatThrownBy(() -> store.registerKernelDirectory("tiny", dir, "", ImageStore.Placement.COPY))
                .isInstanceOf(DigestMismatchException.class).hasMessageContaining("initrd.img");
        assertThat(store.catalog().images()).isEmpty();
    }

    @Test
    void theManifestIsReadableTextAndSurvivesANewStore() throws IOException {
        Path src = base("base.qcow2");
        String sha = Sha256.of(src);
        store.registerDisk("b", src, sha, ImageStore.Placement.COPY);
        store.registerDisk("a", src, sha, ImageStore.Placement.REFERENCE);
        String text = Files.readString(storeRoot.resolve("manifest"), StandardCharsets.UTF_8);
        assertThat(text).contains("disk\ta\t" + sha + "\t" + src + "\n", "disk\tb\t" + sha + "\t" + storeRoot.resolve("blobs").resolve(sha));
        assertThat(new ImageStore(storeRoot).catalog()).isEqualTo(store.catalog());
        try (Stream<Path> files = Files.list(storeRoot)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("manifest", "blobs", ".lock");
        }
    }

    @Test
    void aCopyInterruptedByACrashIsCleanedUpByTheNextRegistration() throws IOException {
        Path src = base("base.qcow2");
        Path leftover = Files.createDirectories(storeRoot.resolve("blobs")).resolve(".incoming-123.tmp");
        Files.writeString(leftover, "half a copy");
        store.registerDisk("debian", src, Sha256.of(src), ImageStore.Placement.COPY);
        assertThat(leftover).doesNotExist();
    }

    @Test
    void aDamagedManifestLineIsReportedWithFileAndLine() throws IOException {
        Files.createDirectories(storeRoot);
        Files.writeString(storeRoot.resolve("manifest"), ImageManifest.HEADER + "disk\tx\tnot-a-digest\t/a\n");
        assertThatThrownBy(() -> store.catalog()).isInstanceOf(ImageException.class)
                .hasMessageContaining(storeRoot.resolve("manifest") + ":2:");
    }
}
