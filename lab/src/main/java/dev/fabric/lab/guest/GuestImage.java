package dev.fabric.lab.guest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The lab guest (kernel + initramfs) built by lab/scripts/build-image.sh. It is only handed to
 * libvirt after both files match the digests recorded next to them in SHA256SUMS.
 */
public record GuestImage(Path kernel, Path initrd) {

    public static GuestImage verified(Path dir) {
        Path sums = dir.resolve("SHA256SUMS");
        if (!Files.isRegularFile(sums)) {
            throw new IllegalStateException("no guest image in " + dir + " (missing SHA256SUMS); build it with ./lab.sh image");
        }
        try {
            List<String> lines = Files.readAllLines(sums);
            for (String name : List.of("vmlinuz", "initrd.img")) {
                String expected = lines.stream().map(l -> l.split("\\s+", 2))
                        .filter(p -> p.length == 2 && p[1].trim().equals(name)).map(p -> p[0])
                        .findFirst().orElseThrow(() -> new IllegalStateException(sums + " lists no digest for " + name));
                String actual = sha256(dir.resolve(name));
                if (!actual.equals(expected)) {
                    throw new IllegalStateException(dir.resolve(name) + " has SHA-256 " + actual + " but " + sums
                            + " records " + expected + "; rebuild it with ./lab.sh image");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the guest image in " + dir + ": " + e.getMessage(), e);
        }
        return new GuestImage(dir.resolve("vmlinuz"), dir.resolve("initrd.img"));
    }

    /** The image's digest in the agent's terms: SHA-256 of its SHA256SUMS, which names both files' digests. */
    public String sha256() {
        try {
            return sha256(kernel.resolveSibling("SHA256SUMS"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + kernel.resolveSibling("SHA256SUMS") + ": " + e.getMessage(), e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
