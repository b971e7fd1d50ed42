package dev.fabric.agent.run;

import dev.fabric.agent.desired.DeploymentNames;
import dev.fabric.agent.image.AtomicFiles;
import dev.fabric.servicedef.ServiceDefinitions;
import dev.fabric.servicedef.Validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The stand-alone agent's desired state: one directory per deployment under {@code deployments/},
 * holding {@code ServiceDefinition.csdef} and {@code ServiceConfiguration.cscfg} exactly as given.
 *
 * <p>Crash safety (decision 0530): a new version is written complete into {@code .NAME.new} (files
 * and directory fsynced), validated there, then swapped in by renames: {@code NAME -> .NAME.old},
 * {@code .NAME.new -> NAME}, then {@code .NAME.old} is deleted. Reading repairs an interrupted swap
 * (a lone {@code .NAME.old} is put back; a stale {@code .NAME.new} is dropped), so a crash leaves
 * the old or the new pair, never a mix. Removal renames to {@code .NAME.gone} first, then deletes.
 */
public final class DeploymentStore {
    public static final String CSDEF = "ServiceDefinition.csdef";
    public static final String CSCFG = "ServiceConfiguration.cscfg";

    private final Path dir;

    public DeploymentStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    /**
     * Validates and stores (or replaces) a deployment. Nothing is stored when the definition is invalid.
     *
     * @return true when the stored files changed, false when they were byte for byte the same already
     * @throws DeploymentRejectedException when validation finds errors
     */
    public synchronized boolean put(String name, byte[] csdef, byte[] cscfg) {
        DeploymentNames.requireValid(name);
        try {
            Files.createDirectories(dir);
            recover(name);
            Path current = dir.resolve(name);
            if (Files.isDirectory(current) && Arrays.equals(Files.readAllBytes(current.resolve(CSDEF)), csdef)
                    && Arrays.equals(Files.readAllBytes(current.resolve(CSCFG)), cscfg)) {
                return false;
            }
            Path fresh = dir.resolve("." + name + ".new");
            deleteTree(fresh);
            Files.createDirectory(fresh);
            AtomicFiles.write(fresh.resolve(CSDEF), csdef);
            AtomicFiles.write(fresh.resolve(CSCFG), cscfg);
            try {
                validate(name, fresh);
            } catch (RuntimeException e) {
                deleteTree(fresh);
                throw e;
            }
            Path old = dir.resolve("." + name + ".old");
            if (Files.isDirectory(current)) {
                AtomicFiles.moveIntoPlace(current, old);
            }
            AtomicFiles.moveIntoPlace(fresh, current);
            deleteTree(old);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store deployment " + name + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** @return false when there was no such deployment */
    public synchronized boolean remove(String name) {
        DeploymentNames.requireValid(name);
        try {
            recover(name);
            Path current = dir.resolve(name);
            if (!Files.isDirectory(current)) {
                return false;
            }
            Path gone = dir.resolve("." + name + ".gone");
            deleteTree(gone);
            AtomicFiles.moveIntoPlace(current, gone);
            deleteTree(gone);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove deployment " + name + " from " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The stored files of {@code name} byte for byte, to be put back with {@link #put(String, DefinitionFiles)}. */
    public synchronized Optional<DefinitionFiles> files(String name) {
        Optional<StoredDeployment> d = get(name);
        if (d.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DefinitionFiles(Files.readAllBytes(d.get().csdef()), Files.readAllBytes(d.get().cscfg())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read deployment " + name + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** {@link #put(String, byte[], byte[])} of files read with {@link #files}. */
    public boolean put(String name, DefinitionFiles files) {
        return put(name, files.csdef(), files.cscfg());
    }

    public synchronized Optional<StoredDeployment> get(String name) {
        DeploymentNames.requireValid(name);
        try {
            recover(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path current = dir.resolve(name);
        return Files.isDirectory(current) ? Optional.of(load(name, current)) : Optional.empty();
    }

    /**
     * Reads a deployment without repairing anything, for readers that must not change the store while
     * another process may be writing to it ({@code fabric verify}): the current directory, or the old one
     * an interrupted swap left behind.
     */
    public Optional<StoredDeployment> peek(String name) {
        DeploymentNames.requireValid(name);
        for (Path d : List.of(dir.resolve(name), dir.resolve("." + name + ".old"))) {
            if (Files.isDirectory(d)) {
                return Optional.of(load(name, d));
            }
        }
        return Optional.empty();
    }

    /** Every stored deployment, by name. A stored deployment that no longer validates is an error naming it. */
    public synchronized List<StoredDeployment> all() {
        List<StoredDeployment> out = new ArrayList<>();
        for (String name : names()) {
            get(name).ifPresent(out::add);
        }
        return out;
    }

    public synchronized List<String> names() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = new ArrayList<>();
            for (Path p : s.toList()) {
                String f = p.getFileName().toString();
                if (DeploymentNames.isValid(f) && Files.isDirectory(p)) {
                    names.add(f);
                } else if (f.startsWith(".") && f.endsWith(".old")) {
                    String n = f.substring(1, f.length() - 4);
                    if (DeploymentNames.isValid(n) && !Files.isDirectory(dir.resolve(n))) {
                        names.add(n); // an interrupted swap: get() puts it back
                    }
                }
            }
            names.sort(Comparator.naturalOrder());
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private StoredDeployment load(String name, Path d) {
        Validation v = validate(name, d);
        return new StoredDeployment(name, d.resolve(CSDEF), d.resolve(CSCFG), v.service().orElseThrow());
    }

    private static Validation validate(String name, Path d) {
        Validation v = ServiceDefinitions.load(d.resolve(CSDEF), d.resolve(CSCFG));
        if (v.hasErrors() || v.service().isEmpty()) {
            throw new DeploymentRejectedException("deployment " + name + " is not valid: " + v.errors().stream()
                    .map(Object::toString).reduce((a, b) -> a + "; " + b).orElse("no service"), v.errors());
        }
        return v;
    }

    /** Finishes or undoes a swap a crash interrupted. */
    private void recover(String name) throws IOException {
        Path current = dir.resolve(name);
        Path old = dir.resolve("." + name + ".old");
        deleteTree(dir.resolve("." + name + ".new").toAbsolutePath());
        deleteTree(dir.resolve("." + name + ".gone"));
        if (Files.isDirectory(old)) {
            if (Files.isDirectory(current)) {
                deleteTree(old);
            } else {
                AtomicFiles.moveIntoPlace(old, current);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
