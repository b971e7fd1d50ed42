package dev.fabric.agent.configdrive;

import dev.fabric.agent.Fixtures;
import dev.fabric.agent.addressing.AddressAllocator;
import dev.fabric.agent.desired.DesiredInstance;
import dev.fabric.agent.image.Sha256;
import dev.fabric.agent.spec.InstanceSpec;
import dev.fabric.firewall.placement.Ipv4Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The guest's side: the lab's guest kernel (Debian cloud kernel, built by lab/scripts/build-image.sh
 * into lab/work) boots under QEMU (TCG, 128 MiB) with a config drive as virtio disk, mounts it with
 * isofs with and without Joliet, and prints each file's SHA-256. Skipped when the lab's kernel tree is
 * not built (set FABRIC_LAB_WORK to a lab/work directory) or QEMU, busybox or cpio are missing.
 */
class GuestReadsCidataTest {
    @TempDir
    Path tmp;

    static Optional<Path> labWork() {
        String env = System.getenv("FABRIC_LAB_WORK");
        if (env != null) {
            return Optional.of(Path.of(env)).filter(GuestReadsCidataTest::complete);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path work = dir.resolve("lab/work");
            if (complete(work)) {
                return Optional.of(work);
            }
        }
        return Optional.empty();
    }

    private static boolean complete(Path work) {
        return Files.isRegularFile(work.resolve("image/vmlinuz")) && Files.isDirectory(work.resolve("kernel/root/lib/modules"));
    }

    @Test
    void theLabGuestKernelReadsExactlyTheFilesWithAndWithoutJoliet() throws Exception {
        Optional<Path> work = labWork();
        assumeTrue(work.isPresent(), "lab guest kernel not built (./lab.sh builds lab/work; or set FABRIC_LAB_WORK)");
        for (String tool : List.of("qemu-system-x86_64", "busybox", "cpio", "modprobe")) {
            assumeTrue(IsoTools.installed(tool), tool + " not installed");
        }
        DesiredInstance d = Fixtures.desired("tiny", Fixtures.webfarm(2)).instances().get(1);
        InstanceSpec spec = InstanceSpec.of(d, new AddressAllocator(Fixtures.SUBNET).assignment(d.id(), Ipv4Address.parse("10.213.0.11")));
        ConfigDrive drive = new ConfigDriveBuilder().build(spec, d.settings(), Fixtures.SUBNET);
        Path iso = Files.write(tmp.resolve("cidata.iso"), CidataImage.of(drive));

        Path init = copyResource("guest/cidata-check-init");
        Path script = copyResource("guest/build-initrd.sh");
        Path initrd = tmp.resolve("initrd.img");
        IsoTools.Result built = IsoTools.run("bash", script.toString(), work.get().resolve("kernel/root").toString(),
                init.toString(), initrd.toString());
        assertThat(built.exitCode()).as(built.output()).isZero();

        Process qemu = new ProcessBuilder("nice", "-n", "10", "qemu-system-x86_64", "-machine", "accel=tcg", "-m", "128",
                "-nographic", "-no-reboot", "-nodefaults", "-serial", "stdio",
                "-kernel", work.get().resolve("image/vmlinuz").toString(), "-initrd", initrd.toString(),
                "-append", "console=ttyS0 panic=-1 quiet",
                "-drive", "file=" + iso + ",if=virtio,format=raw,readonly=on").redirectErrorStream(true).start();
        String console = new String(qemu.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!qemu.waitFor(180, TimeUnit.SECONDS)) {
            qemu.destroyForcibly();
        }
        // kernel messages can share a line with the script's output: take what follows "CHECK "
        List<String> checks = console.lines().filter(l -> l.contains("CHECK "))
                .map(l -> l.substring(l.indexOf("CHECK ")).strip()).toList();
        assertThat(checks).as(console).contains("CHECK done").noneMatch(l -> l.contains("failed"));

        Map<String, String> expected = drive.bytes().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> Sha256.hex(Sha256.newDigest().digest(e.getValue()))));
        for (String opt : List.of("ro", "ro,nojoliet")) {
            Map<String, String> seen = new HashMap<>();
            checks.stream().map(l -> l.split(" ")).filter(f -> f.length == 4 && f[1].equals(opt)).forEach(f -> seen.put(f[2], f[3]));
            assertThat(seen).as("files the guest sees with mount -o " + opt + "; console:\n" + console).isEqualTo(expected);
        }
    }

    private Path copyResource(String name) throws IOException {
        try (var in = getClass().getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return Files.write(tmp.resolve(Path.of(name).getFileName()), in.readAllBytes());
        }
    }
}
