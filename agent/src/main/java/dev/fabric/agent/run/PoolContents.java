package dev.fabric.agent.run;

import dev.fabric.agent.reconcile.VolumeNames;
import dev.fabric.agent.volume.InstanceVolumes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The Fabric volumes of the instance pool as the reconciler should see them: what libvirt lists plus
 * complete Fabric-named files in the pool directory that libvirt has not picked up (a crash between a
 * config drive's rename and the pool refresh; drivers without files, such as the test driver). Seeing
 * them means they are reused or deleted like any other volume instead of lying around unnoticed.
 */
final class PoolContents {
    private PoolContents() {
    }

    static Set<String> of(InstanceVolumes volumes) {
        Set<String> out = new TreeSet<>(volumes.volumes());
        Path dir = volumes.settings().path();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.map(p -> p.getFileName().toString()).filter(VolumeNames::isFabricVolume).forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the pool directory " + dir + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
