package dev.fabric.agent.libvirt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProbeKernelTest {
    @TempDir
    Path tmp;

    @Test
    void carriesAValidMultibootHeaderAndTheMarker() {
        byte[] image = ProbeKernel.image();
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(b.getInt(0)).isEqualTo(0x1BADB002);
        assertThat(b.getInt(0) + b.getInt(4) + b.getInt(8)).isZero();
        assertThat(b.getInt(28)).as("entry").isEqualTo(0x100020);
        assertThat(new String(image, StandardCharsets.US_ASCII)).contains(ProbeKernel.MARKER);
    }

    /** The real thing: QEMU (TCG) boots it with -kernel and the marker reaches the serial file. */
    @Test
    void qemuBootsItAndTheMarkerReachesTheSerialPort() throws Exception {
        Path qemu = Path.of("/usr/bin/qemu-system-x86_64");
        assumeTrue(Files.isExecutable(qemu), "qemu-system-x86_64 is not installed");
        Path kernel = tmp.resolve("probe.bin");
        Path console = tmp.resolve("console.log");
        Files.write(kernel, ProbeKernel.image());
        Process p = new ProcessBuilder(List.of(qemu.toString(), "-accel", "tcg", "-m", "16", "-nodefaults",
                "-display", "none", "-no-reboot", "-kernel", kernel.toString(), "-serial", "file:" + console))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("qemu.out").toFile()).start();
        try {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline && !(Files.exists(console)
                    && Files.readString(console, StandardCharsets.ISO_8859_1).contains(ProbeKernel.MARKER))) {
                assertThat(p.isAlive()).as("qemu still running; its output: %s", tmp.resolve("qemu.out")).isTrue();
                Thread.sleep(100);
            }
            assertThat(Files.readString(console, StandardCharsets.ISO_8859_1)).contains(ProbeKernel.MARKER);
        } finally {
            p.destroyForcibly().waitFor();
        }
    }
}
