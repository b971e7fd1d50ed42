package dev.fabric.cli;

import dev.fabric.agent.image.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

class ImageCommandTest {
    @TempDir
    Path tmp;

    private Path kernelDir() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("image"));
        Files.writeString(dir.resolve("vmlinuz"), "kernel");
        Files.writeString(dir.resolve("initrd.img"), "initrd");
        Files.writeString(dir.resolve("SHA256SUMS"), Sha256.of(dir.resolve("vmlinuz")) + "  vmlinuz\n"
                + Sha256.of(dir.resolve("initrd.img")) + "  initrd.img\n");
        return dir;
    }

    @Test
    void addKernelListAndVerify() throws Exception {
        Path dir = kernelDir();
        String store = tmp.resolve("store").toString();
        CliRun add = CliRun.of("image", "add-kernel", "tiny", dir.toString(), "--store", store, "--reference");
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(add.out()).contains("registered tiny (kernel) sha256 " + Sha256.of(dir.resolve("SHA256SUMS")));

        assertThat(CliRun.of("image", "list", "--store", store).out()).startsWith("tiny\tkernel\t");
        assertThat(CliRun.of("image", "verify", "--store", store).out()).isEqualTo("tiny: ok\n");

        Files.writeString(dir.resolve("initrd.img"), "x", StandardOpenOption.APPEND);
        CliRun verify = CliRun.of("image", "verify", "--store", store);
        assertThat(verify.exit()).isEqualTo(Main.EXIT_CHECK_FAILED);
        assertThat(verify.err()).contains(dir.resolve("initrd.img").toString(), "refused");
    }

    @Test
    void aWrongDigestOrMissingImageIsBadInputWithoutStackTrace() throws Exception {
        Path file = Files.writeString(tmp.resolve("disk.qcow2"), "not qcow2");
        CliRun add = CliRun.of("image", "add", "d", file.toString(), "--sha256", "ab".repeat(32), "--store", tmp.resolve("s").toString());
        assertThat(add.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(add.err()).contains("fabric image: image d: file " + file).doesNotContain("Exception");

        CliRun verify = CliRun.of("image", "verify", "nope", "--store", tmp.resolve("s").toString());
        assertThat(verify.exit()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(verify.err()).contains("image nope is not registered", "fabric image add");
    }
}
