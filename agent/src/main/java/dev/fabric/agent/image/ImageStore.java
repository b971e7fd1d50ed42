package dev.fabric.agent.image;

import dev.fabric.agent.desired.ImageCatalog;
import dev.fabric.agent.desired.ImageRef;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;

/**
 * Base images by name, each pinned to its SHA-256. Layout under the store root (setting, default
 * {@value #DEFAULT_ROOT}):
 * <pre>
 * manifest          name -> kind, digest(s), file paths   (rewritten atomically)
 * blobs/SHA256      copied image files, named by content, read-only, never overwritten
 * .lock             serialises registrations between processes
 * </pre>
 * Registration checks the file against the digest the caller states (from a trusted source, not from
 * the file), validates a qcow2 header, and either copies the file into {@code blobs/} or references it
 * where it is. {@link #verify} hashes every file again before each use; a mismatch is refused.
 */
public final class ImageStore {
    public static final String DEFAULT_ROOT = "/var/lib/fabric/images";
    private static final int BUFFER = 1 << 20;

    /** Copy the file into the store (default), or reference it in place (it must then not change). */
    public enum Placement { COPY, REFERENCE }

    private final Path root;
    private final Path manifestFile;
    private final Path blobs;

    public ImageStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.manifestFile = this.root.resolve("manifest");
        this.blobs = this.root.resolve("blobs");
    }

    public Path root() {
        return root;
    }

    /** Registers a qcow2 base image whose SHA-256 must be {@code expectedSha256}. */
    public synchronized ImageRef registerDisk(String name, Path qcow2, String expectedSha256, Placement placement) {
        checkName(name);
        checkDigest(name, expectedSha256);
        return withLock(() -> {
            StoredFile file = place(name, qcow2, expectedSha256, placement);
            Qcow2Header.read(file.path()).requireSafeBase(file.path());
            ImageEntry entry = new ImageEntry.Disk(name, file);
            writeManifest(readManifest().with(entry));
            return entry.ref();
        });
    }

    /** Registers a kernel+initrd pair for direct boot; each file must have its stated SHA-256. */
    public synchronized ImageRef registerKernel(String name, Path kernel, String kernelSha256, Path initrd, String initrdSha256,
                                                String cmdline, Placement placement) {
        checkName(name);
        checkDigest(name, kernelSha256);
        checkDigest(name, initrdSha256);
        return withLock(() -> {
            StoredFile k = place(name, kernel, kernelSha256, placement);
            StoredFile i = place(name, initrd, initrdSha256, placement);
            ImageEntry entry = new ImageEntry.Kernel(name, k, i, cmdline);
            writeManifest(readManifest().with(entry));
            return entry.ref();
        });
    }

    /**
     * Registers {@code dir/vmlinuz} and {@code dir/initrd.img} with the digests listed in
     * {@code dir/SHA256SUMS} (the layout the lab's image builder writes).
     */
    public ImageRef registerKernelDirectory(String name, Path dir, String cmdline, Placement placement) {
        Map<String, String> sums = readSums(dir.resolve("SHA256SUMS"));
        return registerKernel(name, dir.resolve("vmlinuz"), sums.get("vmlinuz"), dir.resolve("initrd.img"),
                sums.get("initrd.img"), cmdline, placement);
    }

    /** What is registered, without hashing anything (the desired state pins these digests). */
    public synchronized ImageCatalog catalog() {
        Map<String, ImageRef> refs = new TreeMap<>();
        readManifest().entries().forEach((n, e) -> refs.put(n, e.ref()));
        return new ImageCatalog(refs);
    }

    public synchronized ImageManifest manifest() {
        return readManifest();
    }

    /**
     * Hashes every file of the image and checks it against the digest it was registered with and the
     * one {@code ref} asks for. Call before each use (overlay creation, domain start).
     */
    public VerifiedImage verify(ImageRef ref) {
        ImageEntry entry;
        synchronized (this) {
            ImageManifest m = readManifest();
            entry = m.find(ref.name()).orElseThrow(() -> new ImageException("image " + ref.name()
                    + " is not registered in the image store " + root + " (registered: "
                    + (m.entries().isEmpty() ? "none" : String.join(", ", m.entries().keySet())) + "); register it first: "
                    + "fabric image add " + ref.name() + " FILE.qcow2 --sha256 HEX, or for a kernel+initrd pair "
                    + "fabric image add-kernel " + ref.name() + " DIR (DIR holds vmlinuz, initrd.img and SHA256SUMS)"));
        }
        ImageRef registered = entry.ref();
        if (registered.kind() != ref.kind()) {
            throw new ImageException("image " + ref.name() + " is registered as a " + kind(registered) + " image, but a "
                    + kind(ref) + " image is asked for");
        }
        if (!registered.sha256().equals(ref.sha256())) {
            throw new ImageException("image " + ref.name() + " is registered with SHA-256 " + registered.sha256()
                    + ", but the desired state asks for " + ref.sha256()
                    + "; register the image the deployment was made for, or deploy again against the current one");
        }
        if (entry instanceof ImageEntry.Disk d) {
            checkFile(ref.name(), d.file());
            long size;
            try {
                size = Qcow2Header.read(d.file().path()).requireSafeBase(d.file().path()).virtualSize();
            } catch (IOException e) {
                throw new ImageException("image " + ref.name() + ": cannot read " + d.file().path() + ": " + e.getMessage(), e);
            }
            return new VerifiedImage.Disk(ref, d.file().path(), size);
        }
        ImageEntry.Kernel k = (ImageEntry.Kernel) entry;
        checkFile(ref.name(), k.kernel());
        checkFile(ref.name(), k.initrd());
        return new VerifiedImage.Kernel(ref, k.kernel().path(), k.initrd().path(), k.cmdline());
    }

    /** Verifies the image registered under {@code name}, whatever its digest. */
    public VerifiedImage verify(String name) {
        ImageRef ref = catalog().find(name).orElseThrow(() -> new ImageException("image " + name
                + " is not registered in the image store " + root + "; register it first (fabric image add / add-kernel)"));
        return verify(ref);
    }

    private void checkFile(String image, StoredFile f) {
        String actual;
        try {
            actual = Sha256.of(f.path());
        } catch (NoSuchFileException e) {
            throw new ImageException("image " + image + ": file " + f.path() + " is missing; restore it or register the image again");
        } catch (IOException e) {
            throw new ImageException("image " + image + ": cannot read " + f.path() + ": " + e.getMessage(), e);
        }
        if (!actual.equals(f.sha256())) {
            throw new DigestMismatchException(image, f.path(), f.sha256(), actual,
                    "the file changed after it was registered, so it is refused: restore it or register the image again");
        }
    }

    private StoredFile place(String image, Path source, String expected, Placement placement) throws IOException {
        Path src = source.toAbsolutePath().normalize();
        if (!Files.isRegularFile(src)) {
            throw new ImageException("image " + image + ": " + src + " is not a regular file");
        }
        ImageManifest.field(src);
        if (placement == Placement.REFERENCE) {
            String actual = Sha256.of(src);
            if (!actual.equals(expected)) {
                throw new DigestMismatchException(image, src, expected, actual, "it is not registered");
            }
            return new StoredFile(src, actual);
        }
        Files.createDirectories(blobs);
        Path blob = blobs.resolve(expected);
        if (Files.isRegularFile(blob) && Sha256.of(blob).equals(expected)) {
            return new StoredFile(blob, expected); // content-addressed: the same bytes are already here
        }
        Path tmp = Files.createTempFile(blobs, ".incoming-", ".tmp");
        try {
            String actual = copyHashing(src, tmp);
            if (!actual.equals(expected)) {
                throw new DigestMismatchException(image, src, expected, actual, "it is not registered");
            }
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r--r--r--"));
            AtomicFiles.moveIntoPlace(tmp, blob);
            return new StoredFile(blob, actual);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Copies and hashes in one pass: the digest is of exactly the bytes written to the store. */
    private static String copyHashing(Path src, Path dst) throws IOException {
        MessageDigest md = Sha256.newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(src), md);
             FileChannel out = FileChannel.open(dst, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream os = Channels.newOutputStream(out);
            byte[] buf = new byte[BUFFER];
            for (int n; (n = in.read(buf)) > 0; ) {
                os.write(buf, 0, n);
            }
            out.force(true);
        }
        return Sha256.hex(md.digest());
    }

    /** Under the lock no copy is in progress: an {@code .incoming-*} file is what a crash left behind. */
    private void removeIncomingLeftovers() throws IOException {
        if (!Files.isDirectory(blobs)) {
            return;
        }
        try (java.nio.file.DirectoryStream<Path> s = Files.newDirectoryStream(blobs, ".incoming-*.tmp")) {
            for (Path p : s) {
                Files.deleteIfExists(p);
            }
        }
    }

    private ImageManifest readManifest() {
        try {
            return ImageManifest.parse(Files.readString(manifestFile, StandardCharsets.UTF_8), manifestFile);
        } catch (NoSuchFileException e) {
            return ImageManifest.empty();
        } catch (IOException e) {
            throw new ImageException("cannot read the image manifest " + manifestFile + ": " + e.getMessage(), e);
        }
    }

    private void writeManifest(ImageManifest m) throws IOException {
        AtomicFiles.write(manifestFile, m.toBytes());
    }

    private interface Io<T> {
        T run() throws IOException;
    }

    private <T> T withLock(Io<T> body) {
        try {
            Files.createDirectories(root);
            try (FileChannel lock = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lock.lock()) {
                removeIncomingLeftovers();
                return body.run();
            }
        } catch (IOException e) {
            throw new ImageException("image store " + root + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> readSums(Path sums) {
        Map<String, String> m = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(sums, StandardCharsets.UTF_8)) {
                String[] f = line.trim().split("\\s+\\*?", 2);
                if (f.length == 2) {
                    m.put(f[1], f[0].toLowerCase(java.util.Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new ImageException("cannot read " + sums + ": " + e.getMessage()
                    + "; a kernel image directory needs vmlinuz, initrd.img and SHA256SUMS (sha256sum vmlinuz initrd.img)", e);
        }
        for (String f : new String[]{"vmlinuz", "initrd.img"}) {
            if (!m.containsKey(f)) {
                throw new ImageException(sums + " lists no digest for " + f + "; write it with sha256sum vmlinuz initrd.img > SHA256SUMS");
            }
        }
        return m;
    }

    private static void checkName(String name) {
        try {
            new ImageRef(name, "0".repeat(64), ImageRef.Kind.DISK);
        } catch (IllegalArgumentException e) {
            throw new ImageException(e.getMessage());
        }
    }

    private static void checkDigest(String image, String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new ImageException("image " + image + ": the expected SHA-256 must be 64 lower-case hex digits, was '" + sha256
                    + "' (sha256sum FILE prints it)");
        }
    }

    private static String kind(ImageRef r) {
        return r.kind() == ImageRef.Kind.DISK ? "qcow2 disk" : "kernel+initrd";
    }
}
