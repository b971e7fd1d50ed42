package dev.fabric.agent.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a qcow2 header that decide whether a file is safe as a base image (see the qcow2
 * specification in QEMU's docs/interop/qcow2.txt). A base must stand alone: a backing file or an
 * external data file would let a hostile image make every overlay read a host file chosen by the
 * image's author, so both are refused, as are encrypted and corrupt-marked images and feature bits
 * this code does not know.
 *
 * @param version               2 or 3
 * @param virtualSize           guest-visible size in bytes (the overlay gets the same capacity)
 * @param incompatibleFeatures  v3 bit field (0 for v2)
 */
public record Qcow2Header(int version, long virtualSize, int clusterBits, long backingFileOffset, int backingFileSize,
                          int cryptMethod, long incompatibleFeatures, List<Integer> extensionTypes) {
    public static final int MAGIC = 0x514649fb; // "QFI\xfb"
    static final long INCOMPAT_CORRUPT = 1L << 1;
    static final long INCOMPAT_DATA_FILE = 1L << 2;
    /** dirty (0), corrupt (1), external data file (2), compression type (3), extended L2 (4). */
    static final long INCOMPAT_KNOWN = 0x1f;
    static final int EXT_END = 0;
    static final int EXT_BACKING_FORMAT = 0xe2792aca;
    static final int EXT_DATA_FILE = 0x44415441;
    private static final int MAX_HEADER_READ = 2 << 20; // extensions live in the first cluster (<= 2 MiB)

    public Qcow2Header {
        extensionTypes = List.copyOf(extensionTypes);
    }

    /** Reads and parses the header of {@code file}; anything that is not a well-formed qcow2 header is refused. */
    public static Qcow2Header read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size(), MAX_HEADER_READ));
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // read the whole prefix
            }
            buf.flip();
            return parse(file, buf);
        }
    }

    static Qcow2Header parse(Path file, ByteBuffer b) {
        if (b.remaining() < 72 || b.getInt(0) != MAGIC) {
            throw refused(file, "it is not a qcow2 image (no 'QFI\\xfb' magic at offset 0); convert it with qemu-img convert -O qcow2");
        }
        int version = b.getInt(4);
        if (version != 2 && version != 3) {
            throw refused(file, "qcow2 version " + version + " is not supported (2 or 3)");
        }
        long backingOffset = b.getLong(8);
        int backingSize = b.getInt(16);
        int clusterBits = b.getInt(20);
        long size = b.getLong(24);
        int crypt = b.getInt(32);
        if (clusterBits < 9 || clusterBits > 21) {
            throw refused(file, "cluster_bits " + clusterBits + " is outside 9..21: the header is damaged");
        }
        if (size <= 0) {
            throw refused(file, "virtual size " + size + " is not positive: the header is damaged");
        }
        long incompatible = 0;
        int headerLength = 72;
        if (version == 3) {
            if (b.remaining() < 104) {
                throw refused(file, "the qcow2 v3 header is truncated");
            }
            incompatible = b.getLong(72);
            headerLength = b.getInt(100);
            if (headerLength < 104 || headerLength > b.remaining()) {
                throw refused(file, "header_length " + headerLength + " is out of range: the header is damaged");
            }
        }
        return new Qcow2Header(version, size, clusterBits, backingOffset, backingSize, crypt, incompatible,
                extensions(file, b, headerLength, Math.min(b.remaining(), 1 << clusterBits)));
    }

    private static List<Integer> extensions(Path file, ByteBuffer b, int start, int limit) {
        List<Integer> types = new ArrayList<>();
        int pos = start;
        while (pos + 8 <= limit) {
            int type = b.getInt(pos);
            if (type == EXT_END) {
                return types;
            }
            long length = Integer.toUnsignedLong(b.getInt(pos + 4));
            types.add(type);
            long next = pos + 8 + ((length + 7) & ~7L);
            if (next > limit) {
                throw refused(file, "header extension 0x" + Integer.toHexString(type) + " runs past the first cluster: the header is damaged");
            }
            pos = (int) next;
        }
        throw refused(file, "the header extensions have no end marker in the first cluster: the header is damaged");
    }

    /** Throws unless this header describes a self-contained image that only reads its own file. */
    public Qcow2Header requireSafeBase(Path file) {
        if (backingFileOffset != 0 || backingFileSize != 0) {
            throw refused(file, "it names a backing file: a base image must be self-contained "
                    + "(flatten it with qemu-img convert -O qcow2 FILE NEW)");
        }
        if ((incompatibleFeatures & INCOMPAT_DATA_FILE) != 0 || extensionTypes.contains(EXT_DATA_FILE)) {
            throw refused(file, "it uses an external data file: a base image must keep its data in its own file");
        }
        if (cryptMethod != 0) {
            throw refused(file, "it is encrypted (crypt_method " + cryptMethod + "): base images must not be encrypted");
        }
        if ((incompatibleFeatures & INCOMPAT_CORRUPT) != 0) {
            throw refused(file, "it is marked corrupt: check it with qemu-img check -r all");
        }
        long unknown = incompatibleFeatures & ~INCOMPAT_KNOWN;
        if (unknown != 0) {
            throw refused(file, "it uses unknown incompatible features (0x" + Long.toHexString(unknown) + ")");
        }
        return this;
    }

    private static ImageException refused(Path file, String why) {
        return new ImageException("image file " + file + " is refused: " + why);
    }
}
