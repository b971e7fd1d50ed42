package dev.fabric.agent.image;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The store's record of registered images, name to entry. Text, one image per line, tab-separated, so
 * a person can read it and a crash-safe rewrite is one small file:
 * <pre>
 * disk    NAME  SHA256  PATH
 * kernel  NAME  KERNEL-SHA256  KERNEL-PATH  INITRD-SHA256  INITRD-PATH  CMDLINE
 * </pre>
 */
public record ImageManifest(Map<String, ImageEntry> entries) {
    static final String HEADER = "# Fabric image manifest v1: written by the agent, one image per line, tab-separated\n";

    public ImageManifest {
        entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }

    public static ImageManifest empty() {
        return new ImageManifest(Map.of());
    }

    public Optional<ImageEntry> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    public ImageManifest with(ImageEntry entry) {
        Map<String, ImageEntry> m = new TreeMap<>(entries);
        m.put(entry.name(), entry);
        return new ImageManifest(m);
    }

    public ImageManifest without(String name) {
        Map<String, ImageEntry> m = new TreeMap<>(entries);
        m.remove(name);
        return new ImageManifest(m);
    }

    public byte[] toBytes() {
        StringBuilder b = new StringBuilder(HEADER);
        for (ImageEntry e : entries.values()) {
            if (e instanceof ImageEntry.Disk d) {
                line(b, "disk", d.name(), d.file().sha256(), field(d.file().path()));
            } else if (e instanceof ImageEntry.Kernel k) {
                line(b, "kernel", k.name(), k.kernel().sha256(), field(k.kernel().path()), k.initrd().sha256(),
                        field(k.initrd().path()), k.cmdline());
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a manifest; {@code source} names the file in error messages. */
    public static ImageManifest parse(String text, Path source) {
        Map<String, ImageEntry> m = new TreeMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            try {
                ImageEntry e = switch (f[0]) {
                    case "disk" -> {
                        need(f, 4);
                        yield new ImageEntry.Disk(f[1], new StoredFile(Path.of(f[3]), f[2]));
                    }
                    case "kernel" -> {
                        need(f, 7);
                        yield new ImageEntry.Kernel(f[1], new StoredFile(Path.of(f[3]), f[2]),
                                new StoredFile(Path.of(f[5]), f[4]), f[6]);
                    }
                    default -> throw new IllegalArgumentException("unknown image kind '" + f[0] + "' (disk or kernel)");
                };
                e.ref(); // validates the name
                if (m.put(e.name(), e) != null) {
                    throw new IllegalArgumentException("image " + e.name() + " is listed twice");
                }
            } catch (IllegalArgumentException ex) {
                throw new ImageException(source + ":" + (i + 1) + ": " + ex.getMessage()
                        + "; fix the line or register the image again");
            }
        }
        return new ImageManifest(m);
    }

    private static void need(String[] f, int n) {
        if (f.length != n) {
            throw new IllegalArgumentException("a " + f[0] + " line has " + n + " tab-separated fields, this one has " + f.length);
        }
    }

    static String field(Path p) {
        String s = p.toString();
        if (s.indexOf('\t') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            throw new ImageException("image file path " + s + " contains a tab or line break; rename the file");
        }
        return s;
    }

    private static void line(StringBuilder b, String... fields) {
        b.append(String.join("\t", fields)).append('\n');
    }
}
