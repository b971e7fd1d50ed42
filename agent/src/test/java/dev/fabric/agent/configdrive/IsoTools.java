package dev.fabric.agent.configdrive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs other people's ISO and block-device tools on the images we write: the checks must not come from our own reader. */
final class IsoTools {
    record Result(int exitCode, String output) {
    }

    private IsoTools() {
    }

    static boolean installed(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, tool))) {
                return true;
            }
        }
        return java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/sbin", tool))
                || java.nio.file.Files.isExecutable(java.nio.file.Path.of("/sbin", tool));
    }

    static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(List.of(command) + " did not finish in 60 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Raw bytes of one file, as {@code isoinfo -J -x} extracts it. */
    static byte[] isoinfoExtract(java.nio.file.Path iso, String path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("isoinfo", "-J", "-i", iso.toString(), "-x", path).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("isoinfo -x " + path + " failed");
        }
        return out;
    }
}
