package dev.fabric.agent.run;

import dev.fabric.agent.desired.DesiredDeployment;
import dev.fabric.agent.desired.DesiredHost;
import dev.fabric.agent.desired.DesiredInstance;
import dev.fabric.agent.desired.DesiredStateBuilder;
import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.execute.AgentMemory;
import dev.fabric.agent.execute.ExecutionResult;
import dev.fabric.agent.execute.HostFirewall;
import dev.fabric.agent.execute.HostObserver;
import dev.fabric.agent.execute.PlanExecutor;
import dev.fabric.agent.desired.VirtType;
import dev.fabric.agent.image.ImageStore;
import dev.fabric.agent.libvirt.LibvirtDomain;
import dev.fabric.agent.libvirt.LibvirtHost;
import dev.fabric.agent.reconcile.Action;
import dev.fabric.agent.reconcile.BackoffPolicy;
import dev.fabric.agent.reconcile.DomainState;
import dev.fabric.agent.reconcile.FailureHistory;
import dev.fabric.agent.reconcile.InstanceTarget;
import dev.fabric.agent.reconcile.ObservedHost;
import dev.fabric.agent.reconcile.Plan;
import dev.fabric.agent.reconcile.Reconciler;
import dev.fabric.agent.reconcile.TargetHost;
import dev.fabric.agent.reconcile.TargetHostBuilder;
import dev.fabric.agent.spec.DomainNames;
import dev.fabric.agent.spec.InstanceSpec;
import dev.fabric.agent.volume.InstanceVolumes;
import dev.fabric.agent.volume.VolumeActions;
import dev.fabric.servicedef.model.Service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The stand-alone agent's core: desired state from the {@link DeploymentStore}, one reconcile pass =
 * observe (libvirt + pool + memory + health) -> {@link TargetHostBuilder} -> {@link Reconciler#plan}
 * -> {@link PlanExecutor}. Passes are serialised; the caller holds the {@link AgentLock} so no other
 * process executes plans on this host at the same time.
 */
public final class HostAgent {
    private final AgentSettings settings;
    private final LibvirtHost libvirt;
    private final InstanceVolumes volumes;
    private final ImageStore images;
    private final HealthSource health;
    private final Clock clock;
    private final DeploymentStore store;
    private final DesiredSource source;
    private final AgentMemory memory = new AgentMemory();
    private final Reconciler reconciler = new Reconciler(BackoffPolicy.DEFAULT);
    private final TargetHostBuilder targets = new TargetHostBuilder();
    private final PlanExecutor executor;
    private final InstanceStatusFile status;
    private final ConsoleLogs consoleLogs;
    private final HostDomainInputs domainInputs;
    private volatile dev.fabric.agent.fence.FenceGate fence = dev.fabric.agent.fence.FenceGate.NEVER;
    /** Whether this process has taken over the restart histories of the status file (on its first pass, 0560). */
    private boolean remembered;

    public HostAgent(AgentSettings settings, LibvirtHost libvirt, InstanceVolumes volumes, ImageStore images,
                     HostFirewall firewall, HealthSource health, VirtType virtType, Clock clock) {
        this(settings, libvirt, volumes, images, firewall, health, virtType, clock, null);
    }

    /** @param source where the deployments come from; null: the stand-alone store in the state directory */
    public HostAgent(AgentSettings settings, LibvirtHost libvirt, InstanceVolumes volumes, ImageStore images,
                     HostFirewall firewall, HealthSource health, VirtType virtType, Clock clock, DesiredSource source) {
        this.settings = settings;
        this.libvirt = libvirt;
        this.volumes = volumes;
        this.images = images;
        this.health = health;
        this.clock = clock;
        this.store = new DeploymentStore(settings.deploymentsDir());
        this.source = source == null ? DesiredSource.of(store) : source;
        this.status = new InstanceStatusFile(settings.statusFile());
        this.consoleLogs = new ConsoleLogs(settings.consoleDir());
        this.domainInputs = new HostDomainInputs(images, volumes, virtType, settings.host().bridge(), settings.consoleDir());
        this.executor = new PlanExecutor(libvirt, domainInputs, firewall, new VolumeActions(images, volumes), memory, clock);
    }

    public DeploymentStore store() {
        return store;
    }

    public AgentMemory memory() {
        return memory;
    }

    /** The host as its source (the store, or the controller) says it should be. */
    public DesiredHost desired() {
        DesiredStateBuilder builder = new DesiredStateBuilder(settings.host(), images.catalog());
        DesiredHost host = new DesiredHost(settings.host(), List.of());
        for (SourcedDeployment d : source.deployments()) {
            host = host.with(builder.build(d.stored().service(), d.stored().name(), d.assignment().orElse(null)));
        }
        return host;
    }

    /**
     * Checks, before anything is stored, that {@code service} as deployment {@code name} fits this host
     * next to the other deployments, its image is registered with an intact digest, and the firewall
     * can admit it (no clash of public ports).
     *
     * @throws dev.fabric.agent.desired.DesiredStateException   too much memory, unknown image, bad name
     * @throws dev.fabric.agent.image.ImageException            image missing on disk or tampered with
     * @throws dev.fabric.firewall.compile.FirewallCompileException a clash with another deployment
     */
    public DesiredDeployment check(String name, Service service) {
        DesiredDeployment d = new DesiredStateBuilder(settings.host(), images.catalog()).build(service, name);
        DesiredHost next = desired().with(d);
        d.instances().stream().findFirst().ifPresent(i -> images.verify(i.image()));
        targets.build(next, observe().domains());
        return d;
    }

    public synchronized ObservedHost observe() {
        return observe(desired());
    }

    private ObservedHost observe(DesiredHost desired) {
        List<LibvirtDomain> domains = libvirt.domains();
        return HostObserver.observe(domains, PoolContents.of(volumes), memory, health.observe(domains, desired.deployments()));
    }

    /** A managed agent's lease rule, asked before every pass (the stand-alone agent is never fenced). */
    public void fenceWith(dev.fabric.agent.fence.FenceGate gate) {
        this.fence = gate;
    }

    /** One reconcile pass. Never throws for a plan that fails: the failure is in the result. */
    public synchronized PassResult pass() {
        dev.fabric.agent.fence.FenceDecision fenced = fence.decide();
        if (fenced.fenced()) {
            return fencedPass(fenced.reason());
        }
        ObservedHost observed;
        TargetHost target;
        Optional<String> notRemembered = Optional.empty();
        try {
            DesiredHost desired = desired();
            if (!remembered) {
                notRemembered = rememberRecordedFailures(desired);
                remembered = true;
            }
            observed = observe(desired);
            target = targets.build(desired, observed.domains());
        } catch (RuntimeException e) {
            // libvirt unreachable, a stored deployment that no longer fits, ...: reported, retried next pass
            String why = "cannot plan this host: " + e.getMessage();
            return new PassResult(new Plan(List.of(), List.of(why), Optional.empty()),
                    new ExecutionResult(List.of(), Optional.empty()), Optional.of(why));
        }
        Plan plan = reconciler.plan(target, observed, clock.instant());
        if (!fenced.mayStart()) {
            plan = withoutStarts(plan, fenced.reason());
        }
        if (notRemembered.isPresent()) {
            List<String> problems = new ArrayList<>(plan.problems());
            problems.add(notRemembered.get());
            plan = new Plan(plan.actions(), problems, plan.wakeAt());
        }
        domainInputs.newPass();
        ExecutionResult result = executor.execute(plan);
        status.write(memory.failures(), InstanceStatusFile.healthOf(observed));
        sweepConsoleLogs(target);
        return new PassResult(plan, result, Optional.empty());
    }

    /**
     * The plan minus every start and restart (0660: a managed agent starts nothing before the controller's
     * desired state arrives in this process); all else (stops, removals, firewall) stays, and the held
     * starts are named as problems so the status says why an instance is not running.
     */
    static Plan withoutStarts(Plan plan, String why) {
        List<Action> kept = new ArrayList<>();
        List<String> problems = new ArrayList<>(plan.problems());
        for (Action a : plan.actions()) {
            if (a instanceof Action.StartDomain s) {
                problems.add("not starting " + s.domain() + ": " + why);
            } else if (a instanceof Action.RestartDomain r) {
                problems.add("not restarting " + r.domain() + ": " + why);
            } else {
                kept.add(a);
            }
        }
        return new Plan(kept, problems, plan.wakeAt());
    }

    /**
     * A fenced host only powers off its Fabric domains (0660): no restart, no removal, no firewall change,
     * so nothing opens and nothing runs twice while another host may be taking the instances over.
     */
    private PassResult fencedPass(String reason) {
        List<dev.fabric.agent.reconcile.ObservedDomain> domains;
        try {
            domains = libvirt.domains().stream().map(d -> d.toObserved(dev.fabric.agent.reconcile.Health.UNKNOWN)).toList();
        } catch (RuntimeException e) {
            String why = "fenced, but cannot list domains: " + e.getMessage();
            return new PassResult(new Plan(List.of(), List.of(why), Optional.empty()),
                    new ExecutionResult(List.of(), Optional.empty()), Optional.of(why));
        }
        Plan plan = new Plan(dev.fabric.agent.fence.FencePlanner.plan(domains, reason), List.of(), Optional.empty());
        return new PassResult(plan, executor.execute(plan), Optional.empty());
    }

    /** Console logs of domains that are gone and not wanted (after this pass's removals). */
    private void sweepConsoleLogs(TargetHost target) {
        try {
            Set<String> keep = new java.util.HashSet<>();
            libvirt.domains().forEach(d -> keep.add(d.name()));
            target.instances().forEach(i -> keep.add(i.spec().domainName()));
            consoleLogs.sweep(keep);
        } catch (RuntimeException e) {
            // libvirt went away mid-pass: the next pass sweeps
        }
    }

    /**
     * Takes over the restart histories the previous agent process wrote, for instances the store still
     * wants, so counts, last failures and backoff go on (0560). Run under the lock, on the first pass: the
     * file is then the last one any reconciling process wrote. A damaged file costs only the histories.
     *
     * @return the warning when the file could not be read
     */
    private Optional<String> rememberRecordedFailures(DesiredHost desired) {
        try {
            memory.remember(stillDesired(status.load().histories(), desired));
            return Optional.empty();
        } catch (InstanceStatusFile.UnreadableException e) {
            return Optional.of("restart histories start empty: " + e.getMessage());
        }
    }

    /** The recorded histories of instances that {@code desired} still has (pure). */
    static Map<InstanceId, FailureHistory> stillDesired(Map<InstanceId, FailureHistory> recorded, DesiredHost desired) {
        Set<InstanceId> wanted = desired.instances().stream().map(DesiredInstance::id).collect(Collectors.toSet());
        return recorded.entrySet().stream().filter(e -> wanted.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * Whether deployment {@code name} is as stored, read from libvirt alone (so it also works while
     * another process reconciles): every instance's domain exists with exactly its target spec and
     * runs, and no other domain of the deployment is left. A deployment not in the store is converged
     * when none of its domains and volumes remain.
     */
    public boolean converged(String name) {
        ObservedHost observed = observe();
        Map<String, LibvirtDomain> domains = libvirt.domains().stream().filter(LibvirtDomain::isFabric)
                .filter(d -> d.spec().orElseThrow().id().deployment().equals(name))
                .collect(Collectors.toMap(LibvirtDomain::name, Function.identity()));
        if (store.get(name).isEmpty()) {
            String prefix = DomainNames.PREFIX + name + ".";
            return domains.isEmpty() && observed.volumes().stream().noneMatch(v -> v.startsWith(prefix))
                    && !consoleLogs.anyLeft(prefix);
        }
        TargetHost target = targets.build(desired(), observed.domains());
        List<InstanceSpec> wanted = target.instances().stream().map(InstanceTarget::spec)
                .filter(s -> s.id().deployment().equals(name)).toList();
        Set<String> names = wanted.stream().map(InstanceSpec::domainName).collect(Collectors.toSet());
        if (!domains.keySet().equals(names)) {
            return false;
        }
        return wanted.stream().allMatch(s -> {
            LibvirtDomain d = domains.get(s.domainName());
            return d.state() == DomainState.RUNNING && d.spec().orElseThrow().equals(s);
        });
    }

    /** Fabric's domains of one deployment (all when {@code name} is null), with their specs, by name. */
    public List<LibvirtDomain> domains(String name) {
        List<LibvirtDomain> out = new ArrayList<>();
        for (LibvirtDomain d : libvirt.domains()) {
            if (d.isFabric() && (name == null || d.spec().orElseThrow().id().deployment().equals(name))) {
                out.add(d);
            }
        }
        out.sort(java.util.Comparator.comparing(d -> d.spec().orElseThrow().id()));
        return out;
    }

    public Map<InstanceId, FailureHistory> restartHistories() {
        return status.read();
    }

    /** The health verdicts of the last pass, as written to the status file for {@code fabric agent status}. */
    public Map<InstanceId, dev.fabric.agent.reconcile.Health> lastHealth() {
        return status.readHealth();
    }
}
