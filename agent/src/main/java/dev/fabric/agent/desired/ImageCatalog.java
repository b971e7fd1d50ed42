package dev.fabric.agent.desired;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The base images this host knows, by name. The image store fills it after checking each digest. */
public record ImageCatalog(Map<String, ImageRef> images) {
    public ImageCatalog {
        images = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(images));
        images.forEach((name, ref) -> {
            if (!name.equals(ref.name())) {
                throw new IllegalArgumentException("image catalog key '" + name + "' names image " + ref.name());
            }
        });
    }

    public static ImageCatalog of(ImageRef... refs) {
        Map<String, ImageRef> m = new TreeMap<>();
        for (ImageRef r : refs) {
            m.put(r.name(), r);
        }
        return new ImageCatalog(m);
    }

    public Optional<ImageRef> find(String name) {
        return Optional.ofNullable(images.get(name));
    }
}
