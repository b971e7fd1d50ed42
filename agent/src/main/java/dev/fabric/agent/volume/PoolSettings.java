package dev.fabric.agent.volume;

import java.nio.file.Path;

/**
 * The libvirt directory pool that holds instance volumes (overlays and config drives). Fabric creates
 * it when missing and only ever touches Fabric-named volumes in it.
 *
 * @param name libvirt pool name (default {@value #DEFAULT_NAME})
 * @param path the pool's directory (default {@value #DEFAULT_PATH})
 */
public record PoolSettings(String name, Path path) {
    public static final String DEFAULT_NAME = "fabric";
    public static final String DEFAULT_PATH = "/var/lib/fabric/instances";

    public PoolSettings {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException("storage pool name '" + name + "' must be 1-64 letters, digits, '.', '-' or '_'");
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("storage pool directory must be an absolute path, was " + path);
        }
        path = path.normalize();
    }

    public static PoolSettings defaults() {
        return new PoolSettings(DEFAULT_NAME, Path.of(DEFAULT_PATH));
    }
}
