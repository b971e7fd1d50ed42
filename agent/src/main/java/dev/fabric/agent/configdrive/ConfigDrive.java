package dev.fabric.agent.configdrive;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files of one instance's cloud-init NoCloud seed (volume label {@code cidata}), by file name.
 * All of them are UTF-8 text; {@link #bytes()} gives what the volume writer stores.
 */
public record ConfigDrive(Map<String, String> files) {
    public static final String VOLUME_LABEL = "cidata";

    public ConfigDrive {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    public Map<String, byte[]> bytes() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        files.forEach((name, text) -> out.put(name, text.getBytes(StandardCharsets.UTF_8)));
        return Collections.unmodifiableMap(out);
    }

    public String file(String name) {
        String text = files.get(name);
        if (text == null) {
            throw new IllegalArgumentException("config drive has no file " + name + " (has " + files.keySet() + ")");
        }
        return text;
    }
}
