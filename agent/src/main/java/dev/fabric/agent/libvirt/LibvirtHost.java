package dev.fabric.agent.libvirt;

import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.spec.InstanceMetadata;
import dev.fabric.agent.spec.InstanceSpec;
import dev.fabric.agent.spec.InvalidMetadataException;
import dev.fabric.nativelib.libvirt.DomainMetadata;
import dev.fabric.nativelib.libvirt.DomainStateReason;
import dev.fabric.nativelib.libvirt.LibvirtCallException;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.DomainEventType;
import org.libvirt.event.LifecycleListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The agent's connection to libvirt on its host (any URI: {@code qemu:///system}, {@code test:///default}).
 * Reads every domain with its Fabric metadata, and defines, starts, stops and undefines Fabric's
 * domains - only those: a domain without Fabric's metadata element is reported and never changed.
 * Lifecycle events of Fabric domains reach {@link InstanceEventListener}s at once, so a killed guest
 * is noticed without polling. Thread-safe (libvirt connections are).
 */
public final class LibvirtHost implements AutoCloseable {
    /**
     * virDomainUndefineFlags MANAGED_SAVE | SNAPSHOTS_METADATA: a person may have run {@code virsh managedsave}
     * or {@code snapshot-create} on a guest, which would make a plain undefine fail. NVRAM and checkpoint
     * flags are left out: Fabric domains have neither, and the test driver rejects those flags.
     */
    static final int UNDEFINE_FLAGS = 1 | 2;
    private static final System.Logger LOG = System.getLogger(LibvirtHost.class.getName());

    private final String uri;
    private final Connect conn;
    /** Domains this process stopped on purpose and not started since: their shut-off is not a failure. */
    private final Set<String> stoppedByAgent = ConcurrentHashMap.newKeySet();
    /**
     * Stops this process asked for whose STOPPED event has not been handled yet. Events arrive later on
     * the event thread, possibly after the domain was started or undefined again, so they are matched
     * by count rather than by looking at {@link #stoppedByAgent}.
     */
    private final Map<String, Integer> pendingStops = new ConcurrentHashMap<>();
    /** Instance ids by domain name, so an undefine event (metadata already gone) can still be attributed. */
    private final Map<String, InstanceId> known = new ConcurrentHashMap<>();
    private final List<InstanceEventListener> listeners = new CopyOnWriteArrayList<>();
    private final LifecycleListener lifecycle = this::onLifecycle;
    private boolean closed;

    private LibvirtHost(String uri, Connect conn) {
        this.uri = uri;
        this.conn = conn;
    }

    /** Connects to {@code uri}; the first call in a process also starts libvirt's event loop. */
    public static LibvirtHost open(String uri) {
        try {
            LibvirtRuntime.ensureStarted();
            LibvirtHost host = new LibvirtHost(uri, new Connect(uri));
            // Always subscribed, also without listeners, so pending stops are matched to their events.
            host.conn.addLifecycleListener(host.lifecycle);
            return host;
        } catch (LibvirtException e) {
            throw new LibvirtOperationException("cannot connect to libvirt at " + uri + ": " + e.getMessage()
                    + " (is libvirtd running and is the URI right? see the agent's libvirt URI setting)", e);
        }
    }

    public String uri() {
        return uri;
    }

    /**
     * The underlying connection, for other libvirt concerns that share it (the instance storage pool,
     * the virt-type probe). Change domains only through this class, which guards Fabric ownership.
     */
    public Connect connection() {
        return conn;
    }

    /** The host's capabilities XML (virConnectGetCapabilities). */
    public String capabilities() {
        return call("read capabilities", "", conn::getCapabilities);
    }

    /** Every domain on the host, Fabric's and others', running and defined. */
    public List<LibvirtDomain> domains() {
        List<String> names = new ArrayList<>();
        for (int id : call("list running domains", "", conn::listDomains)) {
            lookupById(id).ifPresent(d -> names.add(name(d)));
        }
        names.addAll(List.of(call("list defined domains", "", conn::listDefinedDomains)));
        List<LibvirtDomain> out = new ArrayList<>();
        for (String name : names) {
            // A domain may vanish between listing and reading: then it is simply not there.
            lookup(name).flatMap(this::read).ifPresent(out::add);
        }
        return out;
    }

    public Optional<LibvirtDomain> domain(String name) {
        return lookup(name).flatMap(this::read);
    }

    /**
     * Defines (persistently) a domain from XML made by {@link DomainXmlBuilder}. Refuses XML without
     * Fabric metadata, and refuses to redefine a foreign domain of the same name.
     */
    public void define(String domainXml) {
        InstanceSpec spec = InstanceMetadata.fromDomainXml(domainXml).orElseThrow(() -> new LibvirtOperationException(
                "refusing to define a domain without Fabric instance metadata on " + uri));
        String name = spec.domainName();
        String named = domainName(domainXml);
        if (!name.equals(named)) {
            throw new LibvirtOperationException("refusing to define domain '" + named + "' on " + uri
                    + ": its Fabric metadata belongs to instance " + spec.id() + ", whose domain is named '" + name + "'");
        }
        Optional<Domain> existing = lookup(name);
        if (existing.isPresent() && readSpec(existing.get()).isEmpty()) {
            throw new ForeignDomainException("redefine", name, uri);
        }
        call("define", name, () -> conn.domainDefineXML(domainXml));
        known.put(name, spec.id());
    }

    private static String domainName(String domainXml) {
        org.w3c.dom.NodeList names = dev.fabric.agent.xml.SafeDom.parse(domainXml).getDocumentElement()
                .getElementsByTagName("name");
        return names.getLength() == 0 ? "" : names.item(0).getTextContent().trim();
    }

    public void start(String name) {
        Domain d = fabricDomain("start", name);
        stoppedByAgent.remove(name);
        call("start", name, d::create);
    }

    /** Powers the domain off at once (virDomainDestroy). Already off is fine. */
    public void destroy(String name) {
        Domain d = fabricDomain("stop", name);
        if (call("read state of", name, d::isActive) != 1) {
            return;
        }
        stoppedByAgent.add(name);
        pendingStops.merge(name, 1, Integer::sum);
        try {
            d.destroy();
        } catch (LibvirtException e) {
            pendingStops.computeIfPresent(name, (k, n) -> n > 1 ? n - 1 : null);
            throw failed("stop", name, e);
        }
    }

    /** Removes the definition of a stopped domain. Already gone is fine. */
    public void undefine(String name) {
        Optional<Domain> found = lookup(name);
        if (found.isEmpty()) {
            return;
        }
        Domain d = found.get();
        requireFabric("undefine", name, d);
        if (call("read state of", name, d::isActive) == 1) {
            throw new LibvirtOperationException("cannot undefine domain '" + name + "' on " + uri
                    + ": it is running; stop it first");
        }
        call("undefine", name, () -> {
            d.undefine(UNDEFINE_FLAGS);
            return null;
        });
        stoppedByAgent.remove(name);
    }

    /** Lifecycle events of Fabric domains; foreign domains' events are dropped. */
    public void addListener(InstanceEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public synchronized void close() {
        try {
            if (closed) {
                return;
            }
            closed = true;
            conn.removeLifecycleListener(lifecycle);
            conn.close();
        } catch (LibvirtException e) {
            throw new LibvirtOperationException("closing the libvirt connection to " + uri + " failed: " + e.getMessage(), e);
        }
    }

    private int onLifecycle(Domain domain, DomainEvent event) {
        try {
            String name = domain.getName();
            InstanceId id = eventInstance(domain, name);
            if (id == null) {
                return 0; // not Fabric's
            }
            boolean askedFor = event.getType() == DomainEventType.STOPPED && consumePendingStop(name);
            InstanceEvent.Kind kind = EventKinds.of(event.getType(), askedFor);
            if (kind == InstanceEvent.Kind.UNDEFINED) {
                known.remove(name);
            } else {
                known.put(name, id);
            }
            InstanceEvent e = new InstanceEvent(id, name, kind, event.toString());
            for (InstanceEventListener l : listeners) {
                l.onEvent(e);
            }
        } catch (RuntimeException | LibvirtException e) {
            // Never let an exception escape into libvirt's native event loop.
            LOG.log(System.Logger.Level.WARNING, "lifecycle event " + event + " could not be handled: " + e.getMessage());
        }
        return 0;
    }

    private boolean consumePendingStop(String name) {
        boolean[] found = {false};
        pendingStops.computeIfPresent(name, (k, n) -> {
            found[0] = true;
            return n > 1 ? n - 1 : null;
        });
        return found[0];
    }

    /** Events are delivered after the fact: an undefined (or already removed) domain has no metadata left. */
    private InstanceId eventInstance(Domain domain, String name) {
        try {
            return readSpec(domain).map(InstanceSpec::id).orElse(null);
        } catch (LibvirtCallException e) {
            if (e.code() != ErrorNumber.VIR_ERR_NO_DOMAIN.ordinal()) {
                throw e;
            }
            return known.get(name);
        } catch (InvalidMetadataException e) {
            return null;
        }
    }

    private Optional<LibvirtDomain> read(Domain d) {
        String name = name(d);
        try {
            DomainStateReason sr = DomainStateReason.of(d);
            Optional<InstanceSpec> spec = Optional.empty();
            Optional<String> problem = Optional.empty();
            try {
                spec = readSpec(d);
            } catch (InvalidMetadataException e) {
                problem = Optional.of(e.getMessage());
            }
            spec.ifPresent(s -> known.put(name, s.id()));
            return Optional.of(new LibvirtDomain(name, d.getUUIDString(), d.getID(),
                    LibvirtStates.of(sr.state(), sr.reason(), stoppedByAgent.contains(name)), sr.state(), sr.reason(),
                    spec, problem));
        } catch (LibvirtCallException e) {
            if (e.code() == ErrorNumber.VIR_ERR_NO_DOMAIN.ordinal()) {
                return Optional.empty(); // removed while we read it
            }
            throw new LibvirtOperationException(e.getMessage() + " (" + uri + ")", e);
        } catch (LibvirtException e) {
            if (e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                return Optional.empty();
            }
            throw failed("read", name, e);
        }
    }

    /** The spec in the domain's Fabric metadata (the current definition: live while it runs). */
    private static Optional<InstanceSpec> readSpec(Domain d) {
        return DomainMetadata.get(d, InstanceMetadata.NAMESPACE, DomainMetadata.AFFECT_CURRENT)
                .map(InstanceMetadata::fromMetadataElement);
    }

    private Domain fabricDomain(String operation, String name) {
        Domain d = lookup(name).orElseThrow(() -> new LibvirtOperationException(
                "cannot " + operation + " domain '" + name + "' on " + uri + ": no such domain"));
        requireFabric(operation, name, d);
        return d;
    }

    private void requireFabric(String operation, String name, Domain d) {
        boolean fabric;
        try {
            fabric = readSpec(d).isPresent();
        } catch (InvalidMetadataException e) {
            fabric = false;
        }
        if (!fabric) {
            throw new ForeignDomainException(operation, name, uri);
        }
    }

    private Optional<Domain> lookup(String name) {
        try {
            return Optional.of(conn.domainLookupByName(name));
        } catch (LibvirtException e) {
            if (e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                return Optional.empty();
            }
            throw failed("look up", name, e);
        }
    }

    private Optional<Domain> lookupById(int id) {
        try {
            return Optional.of(conn.domainLookupByID(id));
        } catch (LibvirtException e) {
            if (e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                return Optional.empty();
            }
            throw failed("look up", "#" + id, e);
        }
    }

    private String name(Domain d) {
        return call("read name of", "", d::getName);
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws LibvirtException;
    }

    private <T> T call(String operation, String domain, Call<T> call) {
        try {
            return call.run();
        } catch (LibvirtException e) {
            throw failed(operation, domain, e);
        }
    }

    private LibvirtOperationException failed(String operation, String domain, LibvirtException e) {
        String what = domain.isEmpty() ? operation : operation + " domain '" + domain + "'";
        return new LibvirtOperationException("libvirt could not " + what + " on " + uri + ": " + e.getMessage(), e);
    }
}
