package dev.fabric.agent.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** qemu-img, for tests only: makes real qcow2 files and reads back what an overlay points at. */
public final class QemuImg {
    private QemuImg() {
    }

    public static boolean available() {
        try {
            return run("--version").startsWith("qemu-img");
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static void assumeAvailable() {
        assumeTrue(available(), "qemu-img is not installed (apt-get install qemu-utils)");
    }

    public static Path create(Path file, String size, String... options) {
        List<String> args = new ArrayList<>(List.of("create", "-q", "-f", "qcow2"));
        args.addAll(List.of(options));
        args.add(file.toString());
        if (size != null) {
            args.add(size);
        }
        run(args.toArray(String[]::new));
        return file;
    }

    /** {@code qemu-img info --output=json} (with -U: safe while QEMU holds the image). */
    public static String infoJson(Path file) {
        return run("info", "-U", "--output=json", file.toString());
    }

    public static String run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("qemu-img"));
        cmd.addAll(List.of(args));
        return runTool(cmd.toArray(String[]::new));
    }

    /** Runs a QEMU tool ({@code qemu-img}, {@code qemu-io}); a non-zero exit fails. */
    public static String runTool(String... command) {
        List<String> cmd = List.of(command);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run qemu-img: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
