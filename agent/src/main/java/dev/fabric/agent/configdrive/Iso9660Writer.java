package dev.fabric.agent.configdrive;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A read-only ISO 9660 image with a Joliet tree, holding flat files in its root directory: the format
 * cloud-init's NoCloud seed is usually made in ({@code genisoimage -volid cidata -joliet}). Pure and
 * deterministic: the same files give the same bytes.
 *
 * <p>Layout, in 2048-byte sectors: 0-15 system area (zeros); 16 primary volume descriptor; 17 Joliet
 * supplementary descriptor; 18 set terminator; 19-22 path tables (L and M, primary and Joliet);
 * then the primary root directory, the Joliet root directory, and the file data, each file starting
 * on its own sector. Both directory trees point at the same file data.
 *
 * <p>Names: Joliet holds them exactly (UCS-2, up to 64 characters). The primary tree holds them upper-cased
 * with {@code ;1}; Linux without Joliet shows those lower-cased without the version, which again gives
 * the original lower-case names.
 */
public final class Iso9660Writer {
    static final int SECTOR = 2048;
    private static final int FIRST_DESCRIPTOR = 16;
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(2020, 1, 1, 0, 0, 0);

    private Iso9660Writer() {
    }

    /**
     * @param volumeId the volume label (at most 16 characters, as Joliet allows; {@code cidata} for NoCloud)
     * @param files    file name to contents; names of 1-64 letters, digits, '.', '-' or '_'
     */
    public static byte[] write(String volumeId, Map<String, byte[]> files) {
        if (!volumeId.matches("[A-Za-z0-9_-]{1,16}")) {
            throw new IllegalArgumentException("volume label '" + volumeId + "' must be 1-16 letters, digits, '-' or '_'");
        }
        List<Entry> entries = entries(files);
        int primaryDirSectors = directorySectors(entries, false);
        int jolietDirSectors = directorySectors(entries, true);
        int primaryDir = FIRST_DESCRIPTOR + 3 + 4;
        int jolietDir = primaryDir + primaryDirSectors;
        int next = jolietDir + jolietDirSectors;
        for (Entry e : entries) {
            e.sector = next;
            next += Math.max(1, sectors(e.data.length));
        }
        int total = next;
        ByteBuffer img = ByteBuffer.allocate(total * SECTOR);

        Dir primary = new Dir(primaryDir, primaryDirSectors * SECTOR);
        Dir joliet = new Dir(jolietDir, jolietDirSectors * SECTOR);
        descriptor(img, FIRST_DESCRIPTOR, 1, volumeId, total, 19, 20, primary, false);
        descriptor(img, FIRST_DESCRIPTOR + 1, 2, volumeId, total, 21, 22, joliet, true);
        int term = (FIRST_DESCRIPTOR + 2) * SECTOR;
        img.put(term, (byte) 255);
        img.put(term + 1, "CD001".getBytes(StandardCharsets.US_ASCII));
        img.put(term + 6, (byte) 1);
        pathTables(img, 19, 20, primary.sector);
        pathTables(img, 21, 22, joliet.sector);
        directory(img, primary, entries, false);
        directory(img, joliet, entries, true);
        for (Entry e : entries) {
            img.put(e.sector * SECTOR, e.data);
        }
        return img.array();
    }

    private static final class Entry {
        final String name;
        final byte[] data;
        final byte[] primaryId;
        final byte[] jolietId;
        int sector;

        Entry(String name, byte[] data) {
            this.name = name;
            this.data = data;
            String upper = name.toUpperCase(Locale.ROOT);
            this.primaryId = ((upper.contains(".") ? upper : upper + ".") + ";1").getBytes(StandardCharsets.US_ASCII);
            this.jolietId = name.getBytes(StandardCharsets.UTF_16BE);
        }
    }

    private record Dir(int sector, int size) {
    }

    private static List<Entry> entries(Map<String, byte[]> files) {
        List<Entry> out = new ArrayList<>();
        Set<String> upper = new HashSet<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String name = f.getKey();
            if (!name.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}") || name.endsWith(".")) {
                throw new IllegalArgumentException("file name '" + name + "' must be 1-64 letters, digits, '.', '-' or '_'");
            }
            if (!upper.add(name.toUpperCase(Locale.ROOT))) {
                throw new IllegalArgumentException("file names differ only in case: " + name);
            }
            out.add(new Entry(name, f.getValue().clone()));
        }
        out.sort(Comparator.comparing((Entry e) -> new String(e.primaryId, StandardCharsets.ISO_8859_1)));
        return out;
    }

    private static int sectors(long bytes) {
        return (int) ((bytes + SECTOR - 1) / SECTOR);
    }

    private static int recordLength(int idLength) {
        int len = 33 + idLength;
        return len + (len & 1);
    }

    /** Sectors a directory takes: records never cross a sector boundary. */
    private static int directorySectors(List<Entry> entries, boolean joliet) {
        int sectors = 1;
        int used = 2 * recordLength(1);
        for (Entry e : entries) {
            int len = recordLength((joliet ? e.jolietId : e.primaryId).length);
            if (used + len > SECTOR) {
                sectors++;
                used = 0;
            }
            used += len;
        }
        return sectors;
    }

    private static void directory(ByteBuffer img, Dir dir, List<Entry> entries, boolean joliet) {
        int pos = dir.sector * SECTOR;
        pos += record(img, pos, dir.sector, dir.size, true, new byte[]{0});
        pos += record(img, pos, dir.sector, dir.size, true, new byte[]{1}); // the root is its own parent
        List<Entry> sorted = new ArrayList<>(entries);
        if (joliet) {
            sorted.sort(Comparator.comparing((Entry e) -> new String(e.jolietId, StandardCharsets.UTF_16BE)));
        }
        for (Entry e : sorted) {
            byte[] id = joliet ? e.jolietId : e.primaryId;
            int len = recordLength(id.length);
            int inSector = pos % SECTOR;
            if (inSector + len > SECTOR) {
                pos += SECTOR - inSector;
            }
            pos += record(img, pos, e.sector, e.data.length, false, id);
        }
    }

    /** A directory record (ECMA-119 9.1); returns its length. */
    private static int record(ByteBuffer img, int pos, int extent, int size, boolean directory, byte[] id) {
        int len = recordLength(id.length);
        img.put(pos, (byte) len);
        both32(img, pos + 2, extent);
        both32(img, pos + 10, size);
        time7(img, pos + 18);
        img.put(pos + 25, (byte) (directory ? 2 : 0));
        both16(img, pos + 28, 1);
        img.put(pos + 32, (byte) id.length);
        img.put(pos + 33, id);
        return len;
    }

    /** Primary (type 1) or Joliet (type 2, UCS-2 level 3) volume descriptor (ECMA-119 8.4). */
    private static void descriptor(ByteBuffer img, int sector, int type, String volumeId, int totalSectors, int lTable,
                                   int mTable, Dir root, boolean joliet) {
        int p = sector * SECTOR;
        img.put(p, (byte) type);
        img.put(p + 1, "CD001".getBytes(StandardCharsets.US_ASCII));
        img.put(p + 6, (byte) 1);
        text(img, p + 8, 32, "LINUX", joliet);
        text(img, p + 40, 32, volumeId, joliet);
        both32(img, p + 80, totalSectors);
        if (joliet) {
            img.put(p + 88, "%/E".getBytes(StandardCharsets.US_ASCII)); // UCS-2 level 3
        }
        both16(img, p + 120, 1);
        both16(img, p + 124, 1);
        both16(img, p + 128, SECTOR);
        both32(img, p + 132, 10);
        img.order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(p + 140, lTable);
        img.order(java.nio.ByteOrder.BIG_ENDIAN).putInt(p + 148, mTable);
        record(img, p + 156, root.sector, root.size, true, new byte[]{0});
        text(img, p + 190, 128, "", joliet);
        text(img, p + 318, 128, "", joliet);
        text(img, p + 446, 128, "", joliet);
        text(img, p + 574, 128, "FABRIC", joliet);
        text(img, p + 702, 37, "", joliet);
        text(img, p + 739, 37, "", joliet);
        text(img, p + 776, 37, "", joliet);
        time17(img, p + 813, true);
        time17(img, p + 830, true);
        time17(img, p + 847, false);
        time17(img, p + 864, false);
        img.put(p + 881, (byte) 1);
    }

    /** The path table of a volume with only a root directory: one 10-byte record, in each byte order. */
    private static void pathTables(ByteBuffer img, int lSector, int mSector, int rootSector) {
        int l = lSector * SECTOR;
        img.put(l, (byte) 1);
        img.order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(l + 2, rootSector).putShort(l + 6, (short) 1);
        int m = mSector * SECTOR;
        img.put(m, (byte) 1);
        img.order(java.nio.ByteOrder.BIG_ENDIAN).putInt(m + 2, rootSector).putShort(m + 6, (short) 1);
    }

    /** Space-padded text: ASCII, or UCS-2 big-endian for Joliet (an odd last byte stays zero). */
    private static void text(ByteBuffer img, int pos, int length, String s, boolean ucs2) {
        for (int i = 0; i < length; i++) {
            img.put(pos + i, ucs2 ? 0 : (byte) ' ');
        }
        if (ucs2) {
            for (int i = 0; i + 1 < length; i += 2) {
                char c = i / 2 < s.length() ? s.charAt(i / 2) : ' ';
                img.put(pos + i, (byte) (c >> 8)).put(pos + i + 1, (byte) c);
            }
        } else {
            img.put(pos, s.getBytes(StandardCharsets.US_ASCII), 0, Math.min(length, s.length()));
        }
    }

    /** Both-byte-order 32-bit field: little-endian, then big-endian. */
    private static void both32(ByteBuffer img, int pos, int value) {
        img.order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(pos, value);
        img.order(java.nio.ByteOrder.BIG_ENDIAN).putInt(pos + 4, value);
    }

    private static void both16(ByteBuffer img, int pos, int value) {
        img.order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort(pos, (short) value);
        img.order(java.nio.ByteOrder.BIG_ENDIAN).putShort(pos + 2, (short) value);
    }

    /** Directory record time: years since 1900, month, day, hour, minute, second, GMT offset. */
    private static void time7(ByteBuffer img, int pos) {
        LocalDateTime t = FIXED_TIME;
        img.put(pos, (byte) (t.getYear() - 1900)).put(pos + 1, (byte) t.getMonthValue()).put(pos + 2, (byte) t.getDayOfMonth())
                .put(pos + 3, (byte) t.getHour()).put(pos + 4, (byte) t.getMinute()).put(pos + 5, (byte) t.getSecond())
                .put(pos + 6, (byte) 0);
    }

    /** Descriptor time "YYYYMMDDHHMMSScc" + GMT offset (UTC); all '0' digits mean "not specified". */
    private static void time17(ByteBuffer img, int pos, boolean set) {
        String digits = set ? String.format("%04d%02d%02d%02d%02d%02d00", FIXED_TIME.getYear(), FIXED_TIME.getMonthValue(),
                FIXED_TIME.getDayOfMonth(), FIXED_TIME.getHour(), FIXED_TIME.getMinute(), FIXED_TIME.getSecond()) : "0".repeat(16);
        img.put(pos, digits.getBytes(StandardCharsets.US_ASCII));
        img.put(pos + 16, (byte) 0);
    }
}
