package dev.fabric.agent.configdrive;

import dev.fabric.agent.Fixtures;
import dev.fabric.agent.addressing.AddressAllocator;
import dev.fabric.agent.desired.DesiredInstance;
import dev.fabric.agent.spec.InstanceSpec;
import dev.fabric.firewall.placement.Ipv4Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The config drive image, read back by isoinfo, xorriso, blkid and (as root, with isofs) the Linux kernel. */
class CidataImageTest {
    @TempDir
    Path tmp;

    private static ConfigDrive drive() {
        DesiredInstance d = Fixtures.desired("tiny", Fixtures.webfarm(2)).instances().get(1);
        InstanceSpec spec = InstanceSpec.of(d, new AddressAllocator(Fixtures.SUBNET).assignment(d.id(), Ipv4Address.parse("10.213.0.11")));
        return new ConfigDriveBuilder().build(spec, d.settings(), Fixtures.SUBNET);
    }

    private Path write(byte[] iso) throws IOException {
        return Files.write(tmp.resolve("cidata.iso"), iso);
    }

    @Test
    void theSameDriveGivesTheSameBytes() {
        assertThat(CidataImage.of(drive())).isEqualTo(CidataImage.of(drive()));
        assertThat(CidataImage.of(drive()).length % 2048).isZero();
    }

    @Test
    void isoinfoSeesLabelJolietAndExactlyTheFiles() throws Exception {
        assumeTrue(IsoTools.installed("isoinfo"), "isoinfo not installed (apt-get install genisoimage)");
        ConfigDrive drive = drive();
        Path iso = write(CidataImage.of(drive));

        String info = IsoTools.run("isoinfo", "-d", "-i", iso.toString()).output();
        assertThat(info).contains("Volume id: cidata", "Joliet with UCS level 3 found", "Logical block size is: 2048");
        String listing = IsoTools.run("isoinfo", "-J", "-f", "-i", iso.toString()).output();
        assertThat(listing.lines()).containsExactlyInAnyOrder("/fabric.env", "/meta-data", "/network-config", "/user-data");
        for (Map.Entry<String, byte[]> f : drive.bytes().entrySet()) {
            assertThat(IsoTools.isoinfoExtract(iso, "/" + f.getKey())).as(f.getKey()).isEqualTo(f.getValue());
        }
    }

    @Test
    void xorrisoExtractsExactlyTheFiles() throws Exception {
        assumeTrue(IsoTools.installed("xorriso"), "xorriso not installed (apt-get install xorriso)");
        ConfigDrive drive = drive();
        Path iso = write(CidataImage.of(drive));
        Path out = tmp.resolve("out");

        IsoTools.Result r = IsoTools.run("xorriso", "-abort_on", "FAILURE", "-indev", iso.toString(),
                "-osirrox", "on", "-extract", "/", out.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("Volume id    : 'cidata'");
        assertThat(tree(out)).isEqualTo(drive.bytes().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new String(e.getValue(), StandardCharsets.UTF_8))));
    }

    @Test
    void blkidFindsTheCidataLabel() throws Exception {
        assumeTrue(IsoTools.installed("blkid"), "blkid not installed");
        Path iso = write(CidataImage.of(drive()));
        IsoTools.Result r = IsoTools.run("blkid", "-p", "-o", "export", iso.toString());
        assertThat(r.output()).contains("LABEL=cidata", "TYPE=iso9660");
    }

    @Test
    void manyAndLargeFilesSpanSectorsAndDirectoriesSpanSectors() throws Exception {
        assumeTrue(IsoTools.installed("isoinfo"), "isoinfo not installed (apt-get install genisoimage)");
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < 80; i++) { // 80 records of ~50-130 bytes: more than one directory sector per tree
            byte[] data = new byte[i * 1000 + (i % 3)];
            Arrays.fill(data, (byte) ('a' + i % 26));
            files.put("file-with-a-rather-long-name-number-" + i + ".txt", data);
        }
        files.put("empty", new byte[0]);
        Path iso = write(Iso9660Writer.write("cidata", files));
        List<String> listed = IsoTools.run("isoinfo", "-J", "-f", "-i", iso.toString()).output().lines().toList();
        assertThat(listed).hasSize(files.size());
        for (String name : List.of("file-with-a-rather-long-name-number-79.txt", "file-with-a-rather-long-name-number-0.txt", "empty")) {
            assertThat(IsoTools.isoinfoExtract(iso, "/" + name)).isEqualTo(files.get(name));
        }
    }

    @Test
    void badNamesAndLabelsAreRefused() {
        assertThatThrownBy(() -> Iso9660Writer.write("cidata", Map.of("../x", new byte[0]))).hasMessageContaining("../x");
        assertThatThrownBy(() -> Iso9660Writer.write("cidata", Map.of("a", new byte[0], "A", new byte[0])))
                .hasMessageContaining("differ only in case");
        assertThatThrownBy(() -> Iso9660Writer.write("a label that is far too long", Map.of())).hasMessageContaining("volume label");
    }

    /**
     * The kernel itself: a read-only loop mount shows the exact names and contents, and blkid on the
     * loop device reports the label. Needs root and the isofs file system; skipped otherwise.
     */
    @Test
    void theLinuxKernelMountsIt() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "loop mounts need root");
        assumeTrue(Files.readString(Path.of("/proc/filesystems")).contains("iso9660")
                        || IsoTools.run("modprobe", "-q", "isofs").exitCode() == 0,
                "this kernel has no iso9660 file system (no isofs module)");
        ConfigDrive drive = drive();
        Path iso = write(CidataImage.of(drive));
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        IsoTools.Result m = IsoTools.run("mount", "-o", "loop,ro", "-t", "iso9660", iso.toString(), mnt.toString());
        assumeTrue(m.exitCode() == 0, "loop mount failed here: " + m.output());
        try {
            assertThat(tree(mnt)).isEqualTo(drive.files());
            String source = IsoTools.run("findmnt", "-n", "-o", "SOURCE", mnt.toString()).output().trim();
            assertThat(IsoTools.run("blkid", "-o", "value", "-s", "LABEL", source).output().trim()).isEqualTo("cidata");
        } finally {
            IsoTools.run("umount", "-d", mnt.toString()); // -d also frees the loop device
        }
    }

    private static Map<String, String> tree(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.collect(Collectors.toMap(p -> p.getFileName().toString(), p -> {
                try {
                    return Files.readString(p, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
    }
}
