package dev.fabric.controller.service;

import dev.fabric.controller.api.ApiException;
import dev.fabric.controller.api.ControllerApi;
import dev.fabric.controller.api.DeploymentView;
import dev.fabric.controller.api.HostView;
import dev.fabric.controller.api.InstanceView;
import dev.fabric.controller.api.RoleView;
import dev.fabric.controller.api.VerifyOptions;
import dev.fabric.controller.api.VerifyView;
import dev.fabric.controller.inventory.InventoryHost;
import dev.fabric.controller.liveness.HostState;
import dev.fabric.controller.model.Assignment;
import dev.fabric.controller.model.InstanceKey;
import dev.fabric.controller.placement.DeploymentDemand;
import dev.fabric.controller.placement.FabricState;
import dev.fabric.controller.placement.PlacementPlan;
import dev.fabric.controller.placement.PlacementResult;
import dev.fabric.controller.placement.PlacementSettings;
import dev.fabric.controller.placement.Placer;
import dev.fabric.controller.store.ControllerStore;
import dev.fabric.controller.store.DeploymentExistsException;
import dev.fabric.controller.store.StoredDeployment;
import dev.fabric.protocol.v1.Capacity;
import dev.fabric.protocol.v1.InstanceReport;
import dev.fabric.servicedef.model.Role;
import dev.fabric.servicedef.model.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The controller proper behind the REST API: validates, places, stores (ZooKeeper) and pushes. Every
 * change runs under one lock shared with the {@link Reincarnator}, so placement always sees the state
 * the previous change left; reads need no lock.
 */
public final class DeploymentService implements ControllerApi {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentService.class);
    static final int MAX_INSTANCES_PER_ROLE = 1000;

    private final ControllerStore store;
    private final HostDirectory hosts;
    private final Placer placer;
    private final PlacementSettings settings;
    private final Pusher pusher;
    private final Object changes;
    private final Services services = new Services();
    private final Verifications verifications;

    /** @param verifications asks the agents for their bridge scans; the link handler feeds it their answers */
    public DeploymentService(ControllerStore store, HostDirectory hosts, PlacementSettings settings, Pusher pusher, Object changes,
                             Verifications verifications) {
        this.verifications = verifications;
        this.store = store;
        this.hosts = hosts;
        this.placer = new Placer(settings);
        this.settings = settings;
        this.pusher = pusher;
        this.changes = changes;
    }

    @Override
    public DeploymentView deploy(String name, String csdef, String cscfg) {
        Service service = DefinitionCheck.service(name, csdef, cscfg);
        StoredDeployment stored;
        synchronized (changes) {
            if (store.deployment(name).isPresent()) {
                throw ApiException.exists("deployment " + name + " exists; delete it first or choose another name");
            }
            FabricState state = state(List.of());
            PlacementResult r = placer.place(DeploymentDemand.of(name, service, settings), state);
            PlacementPlan plan = placed(name, r);
            try {
                stored = store.createDeployment(name, csdef, cscfg, plan.added());
            } catch (DeploymentExistsException e) {
                throw ApiException.exists(e.getMessage());
            }
        }
        LOG.info("deployed {}: {} instances placed", name, stored.assignments().size());
        pusher.pushAll();
        return view(stored);
    }

    @Override
    public DeploymentView get(String name) {
        return view(find(name));
    }

    @Override
    public List<DeploymentView> list() {
        return store.deployments().stream().map(this::view).sorted(java.util.Comparator.comparing(DeploymentView::name)).toList();
    }

    @Override
    public DeploymentView scale(String name, String role, int count) {
        if (count < 0 || count > MAX_INSTANCES_PER_ROLE) {
            throw ApiException.invalid("instance count " + count + " is out of range 0.." + MAX_INSTANCES_PER_ROLE, List.of());
        }
        StoredDeployment next;
        synchronized (changes) {
            StoredDeployment current = find(name);
            Service service = services.of(current);
            if (service.role(role).isEmpty()) {
                throw ApiException.notFound("deployment " + name + " has no role " + role);
            }
            String cscfg;
            try {
                cscfg = CscfgScaler.withInstances(current.record().cscfg(), role, count);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("cannot scale role " + role + " of " + name + ": " + e.getMessage(), List.of());
            }
            Service scaled = DefinitionCheck.service(name, current.record().csdef(), cscfg);
            FabricState state = state(List.of());
            PlacementPlan plan = placed(name, placer.scale(DeploymentDemand.of(name, scaled, settings), state));
            next = store.replaceConfiguration(name, current.version(), cscfg, plan.applyTo(current.assignments()));
        }
        LOG.info("scaled {} role {} to {}", name, role, count);
        pusher.pushAll();
        return view(next);
    }

    @Override
    public DeploymentView delete(String name) {
        StoredDeployment gone;
        synchronized (changes) {
            gone = find(name);
            store.deleteDeployment(name);
            services.forget(name);
        }
        LOG.info("deleted {}", name);
        pusher.pushAll();
        return view(gone);
    }

    @Override
    public List<HostView> hosts() {
        Map<String, Integer> counts = new HashMap<>();
        store.allAssignments().forEach(a -> counts.merge(a.host(), 1, Integer::sum));
        List<HostView> out = new ArrayList<>();
        for (InventoryHost h : hosts.inventory().hosts()) {
            Optional<Capacity> c = hosts.capacity(h.name());
            out.add(new HostView(h.name(), h.address(), h.faultDomain(), hosts.state(h.name()).name().toLowerCase(Locale.ROOT),
                    c.map(Capacity::getCpus).orElse(0), c.map(Capacity::getMemoryMib).orElse(0L), counts.getOrDefault(h.name(), 0)));
        }
        out.sort(java.util.Comparator.comparing(HostView::name));
        return out;
    }

    /**
     * Asks every host holding an instance for its bridge scan and waits (0690). Takes no lock: a change made
     * meanwhile shows in the next verify.
     */
    @Override
    public VerifyView verify(String name, VerifyOptions options) {
        StoredDeployment d = find(name);
        DeploymentView v = view(d);
        Map<String, List<InstanceView>> placed = new java.util.TreeMap<>();
        v.instances().stream().filter(i -> i.host() != null)
                .forEach(i -> placed.computeIfAbsent(i.host(), h -> new ArrayList<>()).add(i));
        long started = System.nanoTime();
        List<VerifyView.HostVerifyView> results = verifications.run(name, placed, options);
        boolean ok = v.instances().stream().allMatch(i -> i.host() != null)
                && results.stream().allMatch(VerifyView.HostVerifyView::ok);
        LOG.info("verified {} on {} hosts in {} ms: {}", name, results.size(), (System.nanoTime() - started) / 1_000_000,
                results.stream().map(r -> r.host() + " " + (r.ok() ? "ok" : r.outcome().equals(VerifyView.HostVerifyView.VERIFIED)
                        ? "differs" : r.outcome())).toList());
        return new VerifyView(name, d.version(), options.ports(), options.timeoutMs(), ok, results, v.instances(),
                d.record().csdef(), d.record().cscfg());
    }

    /** Placement's view of the fabric: live hosts, every stored deployment's demand, every assignment. */
    FabricState state(List<String> except) {
        List<DeploymentDemand> demands = new ArrayList<>();
        List<Assignment> assignments = new ArrayList<>();
        for (StoredDeployment d : store.deployments()) {
            if (except.contains(d.name())) {
                continue;
            }
            demands.add(DeploymentDemand.of(d.name(), services.of(d), settings));
            assignments.addAll(d.assignments());
        }
        return FabricState.of(hosts.liveHosts(), demands, assignments);
    }

    Services services() {
        return services;
    }

    private static PlacementPlan placed(String name, PlacementResult r) {
        if (r instanceof PlacementResult.Refused refused) {
            throw ApiException.noCapacity("deployment " + name + " does not fit: " + refused.reason(), List.of());
        }
        return ((PlacementResult.Placed) r).plan();
    }

    private StoredDeployment find(String name) {
        return store.deployment(name).orElseThrow(() -> ApiException.notFound("no deployment " + name));
    }

    DeploymentView view(StoredDeployment d) {
        Service service = services.of(d);
        Map<InstanceKey, Assignment> placed = new HashMap<>();
        d.assignments().forEach(a -> placed.put(a.instance(), a));
        List<RoleView> roles = new ArrayList<>();
        List<InstanceView> instances = new ArrayList<>();
        for (Role role : service.roles()) {
            roles.add(new RoleView(role.name(), role.instanceCount()));
            for (int i = 0; i < role.instanceCount(); i++) {
                InstanceKey key = new InstanceKey(d.name(), role.name(), i);
                Assignment a = placed.get(key);
                instances.add(a == null ? InstanceView.pending(d.name(), role.name(), i, "not placed: no host has room")
                        : instance(key, a));
            }
        }
        return new DeploymentView(d.name(), d.version(), roles, instances);
    }

    private InstanceView instance(InstanceKey key, Assignment a) {
        HostState hostState = hosts.state(a.host());
        Optional<InstanceReport> r = hosts.report(a.host(), key).filter(x -> x.getAddress().equals(a.address()));
        String state;
        String health;
        String detail;
        if (hostState != HostState.UP) {
            state = InstanceView.UNKNOWN;
            health = InstanceView.UNKNOWN;
            detail = "host " + a.host() + " is " + hostState.name().toLowerCase(Locale.ROOT);
        } else if (r.isEmpty()) {
            state = "starting";
            health = InstanceView.UNKNOWN;
            detail = "host " + a.host() + " has not reported it yet";
        } else {
            state = r.get().getState();
            health = r.get().getHealth();
            detail = r.get().getDetail();
        }
        return new InstanceView(key.deployment(), key.role(), key.index(), key.toString(), a.host(), a.address(), state, health, detail);
    }
}
