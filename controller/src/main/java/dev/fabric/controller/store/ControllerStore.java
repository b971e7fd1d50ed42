package dev.fabric.controller.store;

import dev.fabric.controller.model.Assignment;
import dev.fabric.controller.model.DeploymentRecord;
import dev.fabric.controller.model.InstanceKey;
import dev.fabric.controller.store.StoreDocuments.AssignmentsDoc;
import dev.fabric.controller.store.StoreDocuments.DefinitionDoc;
import dev.fabric.controller.store.StoreDocuments.DeploymentDoc;
import dev.fabric.controller.store.StoreDocuments.GenerationDoc;
import dev.fabric.controller.store.StoreDocuments.HostDoc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.data.Stat;

/**
 * The controller's state in ZooKeeper (decision 0630): deployments with their definition files and
 * assignments, host records, and a global generation that grows with every deployment change.
 *
 * <p>Every change that touches several znodes is one ZooKeeper transaction that also advances the
 * generation with a version check, so concurrent writers (two calls, later two controllers) are
 * serialized: the loser retries (generation moved) or gets {@link StaleVersionException} (its
 * deployment moved). Every call marks its write with a random change id, so a write whose reply was
 * lost and that Curator retried is recognised as our own instead of being reported as a conflict.
 */
public final class ControllerStore implements AutoCloseable {
    public static final String DEFAULT_ROOT = "/fabric/v1";
    /**
     * What one deployment may take in one transaction (compressed definition + assignments + the
     * small znodes): below ZooKeeper's default 1 MiB request limit (jute.maxbuffer), which this store
     * keeps so that any external ensemble works unchanged.
     */
    public static final int MAX_TRANSACTION_BYTES = 960 * 1024;
    private static final int ATTEMPTS = 20;
    private static final int F = StoreDocuments.FORMAT;
    private static final Comparator<Assignment> BY_INSTANCE = Comparator.comparing(Assignment::instance);

    private final Znodes zk;
    private final StoreLayout layout;
    private final boolean ownsClient;
    private final StoreCodec codec = new StoreCodec();

    private ControllerStore(CuratorFramework client, String root, boolean ownsClient) {
        this.zk = new Znodes(client);
        this.layout = new StoreLayout(root);
        this.ownsClient = ownsClient;
    }

    /** Connects to {@code connectString} (the embedded server's or an ensemble's) with the default root. */
    public static ControllerStore connect(String connectString, Duration timeout) {
        return connect(connectString, timeout, DEFAULT_ROOT);
    }

    /**
     * Connects, creates the layout under {@code root} where missing, and owns the client (closed with
     * the store).
     *
     * @throws StoreUnavailableException when ZooKeeper cannot be reached within {@code timeout}
     */
    public static ControllerStore connect(String connectString, Duration timeout, String root) {
        CuratorFramework client = ZooKeeperClients.connect(connectString, timeout);
        try {
            return open(client, root, true);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** A store over a started client that the caller keeps owning (e.g. shared with a leader latch). */
    public static ControllerStore open(CuratorFramework client, String root) {
        return open(client, root, false);
    }

    private static ControllerStore open(CuratorFramework client, String root, boolean owns) {
        ControllerStore store = new ControllerStore(client, root, owns);
        store.ensureLayout();
        return store;
    }

    private void ensureLayout() {
        zk.createIfMissing(layout.deployments(), new byte[0]);
        zk.createIfMissing(layout.hosts(), new byte[0]);
        zk.createIfMissing(layout.generation(), codec.write(new GenerationDoc(F, 0)));
        generation(); // refuse at once a root whose generation we cannot read
    }

    public CuratorFramework client() {
        return zk.client();
    }

    public String root() {
        return layout.root();
    }

    // ---- generation

    private record Generation(long value, int statVersion) {
    }

    private Generation readGeneration() {
        String path = layout.generation();
        Znodes.Data data = zk.get(path).orElseThrow(() -> new StoreException("znode " + path + " is missing"));
        return new Generation(codec.read(path, data.bytes(), GenerationDoc.class).generation(), data.stat().getVersion());
    }

    /** The current global generation: 0 for a new store, +1 with every deployment change. */
    public long generation() {
        return readGeneration().value();
    }

    private CuratorOp advance(Generation current) {
        return zk.setOp(layout.generation(), codec.write(new GenerationDoc(F, current.value() + 1)), current.statVersion());
    }

    // ---- deployments: writes

    /**
     * Stores a new deployment at version 1 with its assignments, in one transaction.
     *
     * @throws DeploymentExistsException when one of that name is stored (nothing is written)
     * @throws DefinitionTooLargeException when it does not fit in one transaction even compressed
     */
    public StoredDeployment createDeployment(String name, String csdef, String cscfg, List<Assignment> assignments) {
        StoreLayout.checkName("deployment", name);
        List<Assignment> sorted = checkAssignments(name, assignments);
        DeploymentRecord record = new DeploymentRecord(name, csdef, cscfg, 1);
        String change = UUID.randomUUID().toString();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Generation current = readGeneration();
            long next = current.value() + 1;
            byte[] deployment = codec.write(new DeploymentDoc(F, name, 1, next, next, change));
            byte[] definition = codec.writeGzipped(new DefinitionDoc(F, next, csdef, cscfg));
            byte[] placed = codec.write(new AssignmentsDoc(F, next, sorted));
            checkSize(name, definition, placed, csdef.length() + cscfg.length());
            try {
                zk.commit(List.of(
                        zk.createOp(layout.deployment(name), deployment),
                        zk.createOp(layout.definition(name), definition),
                        zk.createOp(layout.assignments(name), placed),
                        advance(current)));
                return new StoredDeployment(record, sorted, next);
            } catch (Znodes.TransactionFailed failed) {
                if (failed.index == 0 && failed.code == Code.NODEEXISTS) {
                    if (writtenBy(name, change, next)) {
                        return new StoredDeployment(record, sorted, next); // our write; Curator retried it after a lost reply
                    }
                    throw new DeploymentExistsException(name);
                }
                if (failed.index != 3 || failed.code != Code.BADVERSION) {
                    throw unexpected(name, failed);
                } // else the generation moved under us: read it again
            }
        }
        throw tooBusy(name);
    }

    /**
     * Replaces the assignments of deployment {@code name} (reincarnation, placement changes) if it is
     * still at {@code expectedVersion}; the new version is {@code expectedVersion + 1}.
     *
     * @throws StaleVersionException when the stored version is another one (nothing is written)
     * @throws DeploymentNotFoundException when it is not stored
     */
    public StoredDeployment replaceAssignments(String name, long expectedVersion, List<Assignment> assignments) {
        return change(name, expectedVersion, null, assignments);
    }

    /**
     * Replaces the configuration (cscfg: instance counts, settings) and the assignments together, as
     * a scale does, under the same version rule as {@link #replaceAssignments}.
     */
    public StoredDeployment replaceConfiguration(String name, long expectedVersion, String cscfg, List<Assignment> assignments) {
        if (cscfg == null) {
            throw new IllegalArgumentException("deployment " + name + ": the new cscfg is missing");
        }
        return change(name, expectedVersion, cscfg, assignments);
    }

    private StoredDeployment change(String name, long expectedVersion, String newCscfg, List<Assignment> assignments) {
        StoreLayout.checkName("deployment", name);
        List<Assignment> sorted = checkAssignments(name, assignments);
        String change = UUID.randomUUID().toString();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Znodes.Data data = zk.get(layout.deployment(name)).orElseThrow(() -> new DeploymentNotFoundException(name));
            DeploymentDoc stored = codec.read(layout.deployment(name), data.bytes(), DeploymentDoc.class);
            if (stored.change().equals(change)) {
                return deployment(name).orElseThrow(() -> new DeploymentNotFoundException(name)); // our write went through
            }
            if (stored.version() != expectedVersion) {
                throw new StaleVersionException(name, expectedVersion, stored.version());
            }
            Generation current = readGeneration();
            long next = current.value() + 1;
            DefinitionDoc definition = readDefinition(name);
            if (definition.generation() != stored.definitionGeneration()) {
                continue; // the definition changed after we read the deployment: read both again
            }
            String cscfg = newCscfg == null ? definition.cscfg() : newCscfg;
            long definitionGeneration = newCscfg == null ? stored.definitionGeneration() : next;
            List<CuratorOp> ops = new ArrayList<>();
            ops.add(zk.setOp(layout.deployment(name),
                    codec.write(new DeploymentDoc(F, name, expectedVersion + 1, next, definitionGeneration, change)), data.stat().getVersion()));
            byte[] definitionBytes = new byte[0];
            if (newCscfg != null) {
                definitionBytes = codec.writeGzipped(new DefinitionDoc(F, next, definition.csdef(), newCscfg));
                ops.add(zk.setOp(layout.definition(name), definitionBytes, -1)); // guarded by the deployment's version
            }
            byte[] placed = codec.write(new AssignmentsDoc(F, next, sorted));
            checkSize(name, definitionBytes, placed, 0);
            ops.add(zk.setOp(layout.assignments(name), placed, -1));
            ops.add(advance(current));
            try {
                zk.commit(ops);
                DeploymentRecord record = new DeploymentRecord(name, definition.csdef(), cscfg, expectedVersion + 1);
                return new StoredDeployment(record, sorted, next);
            } catch (Znodes.TransactionFailed failed) {
                boolean retry = failed.code == Code.BADVERSION && (failed.index == 0 || failed.index == ops.size() - 1);
                if (failed.index == 0 && failed.code == Code.NONODE) {
                    throw new DeploymentNotFoundException(name);
                }
                if (!retry) {
                    throw unexpected(name, failed);
                } // the deployment or the generation moved: the next round tells which
            }
        }
        throw tooBusy(name);
    }

    /**
     * Deletes deployment {@code name} with its definition and assignments in one transaction.
     *
     * @return the generation of that change (or a later one, if a concurrent delete got there first)
     * @throws DeploymentNotFoundException when it is not stored
     */
    public long deleteDeployment(String name) {
        StoreLayout.checkName("deployment", name);
        long attempted = -1;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Stat> stat = zk.stat(layout.deployment(name));
            if (stat.isEmpty()) {
                if (attempted >= 0) {
                    return generation(); // gone: our transaction (reply lost, retried) or a concurrent delete; either way done
                }
                throw new DeploymentNotFoundException(name);
            }
            Generation current = readGeneration();
            attempted = current.value() + 1;
            try {
                zk.commit(List.of(
                        zk.deleteOp(layout.assignments(name), -1),
                        zk.deleteOp(layout.definition(name), -1),
                        zk.deleteOp(layout.deployment(name), stat.get().getVersion()),
                        advance(current)));
                return attempted;
            } catch (Znodes.TransactionFailed failed) {
                if (failed.code != Code.NONODE && failed.code != Code.BADVERSION) {
                    throw unexpected(name, failed);
                } // changed or deleted meanwhile: look again
            }
        }
        throw tooBusy(name);
    }

    // ---- deployments: reads

    /** The deployment with its assignments, or empty when it is not stored. */
    public Optional<StoredDeployment> deployment(String name) {
        StoreLayout.checkName("deployment", name);
        String path = layout.deployment(name);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            List<Optional<Znodes.Data>> read = zk.getAll(List.of(path, layout.definition(name), layout.assignments(name)));
            Optional<Znodes.Data> data = read.get(0);
            if (data.isEmpty()) {
                return Optional.empty();
            }
            DeploymentDoc doc = codec.read(path, data.get().bytes(), DeploymentDoc.class);
            if (!doc.name().equals(name)) {
                throw new CorruptStoreException(path, "holds deployment '" + doc.name() + "'", null);
            }
            Optional<Znodes.Data> definition = read.get(1);
            Optional<Znodes.Data> placed = read.get(2);
            if (definition.isPresent() && placed.isPresent()) {
                DefinitionDoc def = codec.readGzipped(layout.definition(name), definition.get().bytes(), DefinitionDoc.class);
                AssignmentsDoc asg = codec.read(layout.assignments(name), placed.get().bytes(), AssignmentsDoc.class);
                if (def.generation() == doc.definitionGeneration() && asg.generation() == doc.generation()) {
                    checkStoredAssignments(layout.assignments(name), name, asg.assignments());
                    DeploymentRecord record = new DeploymentRecord(name, def.csdef(), def.cscfg(), doc.version());
                    return Optional.of(new StoredDeployment(record, asg.assignments(), doc.generation()));
                }
            }
            // Torn read (a change committed between our reads) or damage: damage if the deployment did not change.
            Optional<Stat> now = zk.stat(path);
            if (now.isPresent() && now.get().getMzxid() == data.get().stat().getMzxid()) {
                throw new CorruptStoreException(path, definition.isEmpty() || placed.isEmpty()
                        ? "its definition or assignments child is missing"
                        : "its definition or assignments child belongs to another generation (expected "
                                + doc.definitionGeneration() + " and " + doc.generation() + ")", null);
            }
        }
        throw tooBusy(name);
    }

    /** Names of all stored deployments, sorted. */
    public List<String> deploymentNames() {
        List<String> names = zk.children(layout.deployments());
        names.forEach(n -> checkChildName(layout.deployments(), "deployment", n));
        return names;
    }

    /** All stored deployments, sorted by name; each is consistent in itself. */
    public List<StoredDeployment> deployments() {
        List<StoredDeployment> all = new ArrayList<>();
        for (String name : deploymentNames()) {
            deployment(name).ifPresent(all::add); // absent: deleted since the listing
        }
        return all;
    }

    /** The assignments of every deployment (what placement needs), sorted by instance. */
    public List<Assignment> allAssignments() {
        List<String> names = deploymentNames();
        List<String> paths = names.stream().map(layout::assignments).toList();
        List<Optional<Znodes.Data>> read = zk.getAll(paths);
        List<Assignment> all = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String path = paths.get(i);
            String name = names.get(i);
            read.get(i).ifPresent(data -> { // absent: deleted since the listing
                AssignmentsDoc doc = codec.read(path, data.bytes(), AssignmentsDoc.class);
                checkStoredAssignments(path, name, doc.assignments());
                all.addAll(doc.assignments());
            });
        }
        all.sort(BY_INSTANCE);
        return all;
    }

    /** The assignments placed on {@code host}, sorted by instance. */
    public List<Assignment> assignmentsOnHost(String host) {
        StoreLayout.checkName("host", host);
        return allAssignments().stream().filter(a -> a.host().equals(host)).toList();
    }

    // ---- hosts

    /** Creates or replaces the record of {@code host.name()}. */
    public void putHost(HostRecord host) {
        zk.createOrSet(layout.host(host.name()), codec.write(new HostDoc(F, host)));
    }

    public Optional<HostRecord> host(String name) {
        String path = layout.host(name);
        return zk.get(path).map(data -> readHost(path, name, data.bytes()));
    }

    /** All host records, sorted by name. */
    public List<HostRecord> hosts() {
        List<String> names = zk.children(layout.hosts());
        names.forEach(n -> checkChildName(layout.hosts(), "host", n));
        List<String> paths = names.stream().map(layout::host).toList();
        List<Optional<Znodes.Data>> read = zk.getAll(paths);
        List<HostRecord> all = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String path = paths.get(i);
            String name = names.get(i);
            read.get(i).ifPresent(data -> all.add(readHost(path, name, data.bytes())));
        }
        return all;
    }

    private HostRecord readHost(String path, String name, byte[] bytes) {
        HostRecord host = codec.read(path, bytes, HostDoc.class).host();
        if (host == null || !host.name().equals(name)) {
            throw new CorruptStoreException(path, "holds the record of host '" + (host == null ? null : host.name()) + "'", null);
        }
        return host;
    }

    /** Closes the ZooKeeper client if this store opened it. */
    @Override
    public void close() {
        if (ownsClient) {
            zk.client().close();
        }
    }

    // ---- helpers

    private DefinitionDoc readDefinition(String name) {
        String path = layout.definition(name);
        Znodes.Data data = zk.get(path).orElseThrow(() -> new DeploymentNotFoundException(name));
        return codec.readGzipped(path, data.bytes(), DefinitionDoc.class);
    }

    /** Whether the stored deployment {@code name} was last written by call {@code change} at {@code generation}. */
    private boolean writtenBy(String name, String change, long generation) {
        return zk.get(layout.deployment(name))
                .map(d -> codec.read(layout.deployment(name), d.bytes(), DeploymentDoc.class))
                .map(doc -> doc.change().equals(change) && doc.generation() == generation)
                .orElse(false);
    }

    private static List<Assignment> checkAssignments(String name, List<Assignment> assignments) {
        Set<InstanceKey> seen = new HashSet<>();
        for (Assignment a : assignments) {
            if (!a.instance().deployment().equals(name)) {
                throw new IllegalArgumentException("deployment " + name + ": assignment of " + a.instance() + " belongs to another deployment");
            }
            if (!seen.add(a.instance())) {
                throw new IllegalArgumentException("deployment " + name + ": " + a.instance() + " is assigned twice");
            }
            StoreLayout.checkName("host", a.host());
        }
        return assignments.stream().sorted(BY_INSTANCE).toList();
    }

    private static void checkStoredAssignments(String path, String name, List<Assignment> assignments) {
        try {
            checkAssignments(name, assignments);
        } catch (IllegalArgumentException e) {
            throw new CorruptStoreException(path, e.getMessage(), e);
        }
    }

    private static void checkChildName(String parent, String what, String child) {
        try {
            StoreLayout.checkName(what, child);
        } catch (IllegalArgumentException e) {
            throw new CorruptStoreException(parent + "/" + child, e.getMessage(), e);
        }
    }

    private static void checkSize(String name, byte[] definition, byte[] assignments, int plainChars) {
        long total = definition.length + assignments.length + 1024L; // + the small znodes and paths
        if (total > MAX_TRANSACTION_BYTES) {
            throw new DefinitionTooLargeException("deployment " + name + " is too large for the controller's store: its definition"
                    + (plainChars > 0 ? " (" + plainChars + " characters)" : "") + " compresses to " + definition.length
                    + " bytes and its assignments take " + assignments.length + " bytes, more than the " + MAX_TRANSACTION_BYTES
                    + " bytes one deployment may take in a ZooKeeper transaction; remove comments or other bulk from the csdef/cscfg");
        }
    }

    private StoreException unexpected(String name, Znodes.TransactionFailed failed) {
        return new StoreException("ZooKeeper refused the transaction for deployment " + name + ": operation " + failed.index
                + " failed with " + failed.code + " (is something else writing under " + layout.root() + "?)", failed);
    }

    private StoreException tooBusy(String name) {
        return new StoreException("deployment " + name + ": gave up after " + ATTEMPTS
                + " attempts because the store kept changing under this call; try again");
    }
}
