package dev.fabric.agent.managed;

import dev.fabric.agent.desired.HostAssignment;
import dev.fabric.agent.image.AtomicFiles;
import dev.fabric.agent.run.DeploymentRejectedException;
import dev.fabric.agent.run.DeploymentStore;
import dev.fabric.agent.run.DesiredSource;
import dev.fabric.agent.run.SourcedDeployment;
import dev.fabric.agent.run.StoredDeployment;
import dev.fabric.protocol.v1.DeploymentAssignment;
import dev.fabric.protocol.v1.DesiredState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the controller last pushed to this host, kept so that an agent restarted while the controller
 * is away goes on running exactly that (a controller outage must not stop instances).
 *
 * <p>The pushed message itself, as received, is the record: {@code controller-state.pb}, replaced
 * atomically. The definitions in it are also written, validated, into a {@link DeploymentStore} of
 * their own, which the reconcile pass and {@code fabric verify} read. The file is the commit point: a
 * push is checked whole (names, addresses, every definition) before anything is written; a crash after
 * some definitions were stored but before the file was replaced leaves the old file, and
 * {@link #load()} rewrites the store from it.
 */
public final class ManagedState implements DesiredSource {
    public static final String FILE = "controller-state.pb";

    private final Path file;
    private final DeploymentStore store;
    private final Path scratch;
    private ControllerAssignments current = ControllerAssignments.NONE;
    private DesiredState message = DesiredState.getDefaultInstance();

    /** @param dir the managed agent's own directory, e.g. {@code /var/lib/fabric/agent/managed} */
    public ManagedState(Path dir) {
        this.file = dir.resolve(FILE);
        this.store = new DeploymentStore(dir.resolve("deployments"));
        this.scratch = dir.resolve(".check");
    }

    public DeploymentStore store() {
        return store;
    }

    public synchronized ControllerAssignments assignments() {
        return current;
    }

    /**
     * Reads the last pushed state back (nothing pushed yet: {@link ControllerAssignments#NONE}) and makes
     * the store match it.
     *
     * @throws ControllerStateException when the file is damaged or holds something this agent cannot take
     */
    public synchronized ControllerAssignments load() {
        DesiredState state;
        try {
            state = DesiredState.parseFrom(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            state = DesiredState.getDefaultInstance();
        } catch (IOException e) {
            throw new ControllerStateException(file + ": cannot read the controller's last desired state: " + e.getMessage(), e);
        }
        ControllerAssignments read = check(state);
        materialise(state);
        message = state;
        current = read;
        return read;
    }

    /**
     * Takes a new push: checked whole, then stored; the previous state stays in force when it is refused.
     *
     * @return false when it is the state already held (same bytes), nothing written
     * @throws ControllerStateException what is wrong with it, naming the deployment and field
     */
    public synchronized boolean accept(DesiredState state) {
        if (state.equals(message) && Files.exists(file)) {
            return false;
        }
        ControllerAssignments read = check(state);
        try {
            for (DeploymentAssignment d : state.getDeploymentsList()) {
                store.put(d.getName(), bytes(d.getCsdef()), bytes(d.getCscfg()));
            }
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, state.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the controller's desired state in " + file + ": " + e.getMessage(), e);
        }
        removeOthers(read);
        message = state;
        current = read;
        return true;
    }

    public synchronized long generation() {
        return current.generation();
    }

    @Override
    public synchronized List<SourcedDeployment> deployments() {
        List<SourcedDeployment> out = new ArrayList<>();
        for (Map.Entry<String, HostAssignment> e : current.deployments().entrySet()) {
            StoredDeployment stored = store.get(e.getKey()).orElseThrow(() -> new ControllerStateException(
                    "deployment " + e.getKey() + " is in the controller's state but missing from " + store.dir()));
            out.add(new SourcedDeployment(stored, Optional.of(e.getValue())));
        }
        return out;
    }

    /** Names and addresses, and every definition validated in a scratch store: nothing of the real state changes. */
    private ControllerAssignments check(DesiredState state) {
        ControllerAssignments read = DesiredStateReader.read(state);
        DeploymentStore check = new DeploymentStore(scratch);
        try {
            for (DeploymentAssignment d : state.getDeploymentsList()) {
                try {
                    check.put(d.getName(), bytes(d.getCsdef()), bytes(d.getCscfg()));
                } catch (DeploymentRejectedException e) {
                    throw new ControllerStateException("desired state " + state.getGeneration() + ": " + e.getMessage(), e);
                }
            }
        } finally {
            check.names().forEach(check::remove);
        }
        return read;
    }

    private void materialise(DesiredState state) {
        for (DeploymentAssignment d : state.getDeploymentsList()) {
            store.put(d.getName(), bytes(d.getCsdef()), bytes(d.getCscfg())); // unchanged files are left alone
        }
        removeOthers(DesiredStateReader.read(state));
    }

    private void removeOthers(ControllerAssignments keep) {
        for (String name : store.names()) {
            if (!keep.deployments().containsKey(name)) {
                store.remove(name);
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
