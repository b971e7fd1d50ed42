package dev.fabric.agent.reconcile;

import dev.fabric.agent.desired.ImageRef;
import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.reconcile.Action.ApplyFirewall;
import dev.fabric.agent.reconcile.Action.CreateConfigDrive;
import dev.fabric.agent.reconcile.Action.CreateOverlay;
import dev.fabric.agent.reconcile.Action.DefineDomain;
import dev.fabric.agent.reconcile.Action.DeleteVolumes;
import dev.fabric.agent.reconcile.Action.RestartDomain;
import dev.fabric.agent.reconcile.Action.StartDomain;
import dev.fabric.agent.reconcile.Action.StopDomain;
import dev.fabric.agent.reconcile.Action.UndefineDomain;
import dev.fabric.agent.spec.InstanceSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans the actions that take the host from what was observed to the target. A pure function:
 * level-triggered (only the two states matter, not how they came about), idempotent (target met:
 * no actions) and restartable (a half-executed plan is finished by the next one).
 *
 * <p>Order, always: (1) the firewall, (2) teardown of domains no longer wanted or whose spec changed,
 * (3) volumes and definitions of new instances, (4) starts and restarts. So no guest is started
 * before the ruleset that admits exactly its declared ports is in place (fail-closed), a removed guest
 * loses its rules before it is stopped, and nothing is created under a name still in use.
 * Domains without Fabric metadata are never touched.
 */
public final class Reconciler {
    private final BackoffPolicy backoff;

    public Reconciler(BackoffPolicy backoff) {
        this.backoff = backoff;
    }

    public Plan plan(TargetHost target, ObservedHost observed, Instant now) {
        List<Action> firewall = new ArrayList<>();
        List<Action> teardown = new ArrayList<>();
        List<Action> create = new ArrayList<>();
        List<Action> start = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Optional<Instant> wakeAt = Optional.empty();

        Map<String, ObservedDomain> foreignByName = new HashMap<>();
        Map<InstanceId, ObservedDomain> fabricById = new TreeMap<>();
        List<ObservedDomain> misnamed = new ArrayList<>();
        for (ObservedDomain d : observed.domains()) {
            if (d.spec().isEmpty()) {
                foreignByName.put(d.name(), d);
            } else if (!d.name().equals(d.spec().get().domainName())) {
                misnamed.add(d); // a copy of an instance under another name (made by hand): never adopted
            } else {
                fabricById.put(d.spec().get().id(), d);
            }
        }
        Map<InstanceId, InstanceTarget> targetById = new TreeMap<>();
        target.instances().forEach(t -> targetById.put(t.spec().id(), t));
        Set<String> volumes = new HashSet<>(observed.volumes());

        if (observed.firewall().filter(target.firewall()::equals).isEmpty()) {
            firewall.add(new ApplyFirewall(target.firewall()));
        }

        // Domains of instances no longer wanted: stop, undefine, delete their volumes.
        misnamed.stream().sorted(java.util.Comparator.comparing(ObservedDomain::name))
                .forEach(d -> teardown(d, "its name is not the one of instance " + d.spec().get().id(), true, volumes, teardown));
        for (ObservedDomain d : fabricById.values()) {
            if (!targetById.containsKey(d.spec().get().id())) {
                teardown(d, "no longer in the desired state", true, volumes, teardown);
            }
        }

        for (InstanceTarget t : targetById.values()) {
            InstanceSpec spec = t.spec();
            String name = spec.domainName();
            if (foreignByName.containsKey(name)) {
                problems.add("instance " + spec.id() + ": a domain named " + name + " exists without Fabric metadata;"
                        + " Fabric leaves it alone and does not create the instance. Rename or remove that domain.");
                continue;
            }
            ObservedDomain current = fabricById.get(spec.id());
            if (current != null && !current.spec().get().equals(spec)) {
                boolean imageChanged = !current.spec().get().image().equals(spec.image());
                teardown(current, "spec changed", imageChanged, volumes, teardown);
                current = null;
            }
            if (current == null) {
                createVolumes(t, volumes, create);
                create.add(new DefineDomain(spec));
                start.add(new StartDomain(name));
                continue;
            }
            // Defined with the current spec: recreate missing volumes before (re)starting.
            boolean running = current.state() == DomainState.RUNNING;
            String reason = failureReason(current);
            if (reason == null) {
                continue;
            }
            if (!running) {
                createVolumes(t, volumes, create);
            }
            FailureHistory history = backoff.effective(observed.failures().getOrDefault(spec.id(), FailureHistory.NONE), now);
            if (current.state() == DomainState.SHUT_OFF && history.restarts() == 0) {
                start.add(new StartDomain(name)); // e.g. after a host reboot: nothing failed yet
                continue;
            }
            Instant next = backoff.nextAttempt(history, now);
            if (now.isBefore(next)) {
                wakeAt = earliest(wakeAt, next);
                continue;
            }
            start.add(new RestartDomain(spec.id(), name, reason, history.restarts() + 1, backoff.delayAfter(history.restarts())));
        }

        // Volumes that belong to no desired instance and no remaining domain (left by an interrupted removal).
        Set<String> owned = new HashSet<>();
        for (InstanceTarget t : target.instances()) {
            owned.add(VolumeNames.overlay(t.spec().domainName()));
            owned.add(VolumeNames.configDrive(t.spec().domainName()));
        }
        List<String> orphans = volumes.stream().filter(VolumeNames::isFabricVolume).filter(v -> !owned.contains(v))
                .sorted().toList();
        if (!orphans.isEmpty()) {
            teardown.add(new DeleteVolumes(orphans));
        }

        List<Action> actions = new ArrayList<>(firewall);
        actions.addAll(teardown);
        actions.addAll(create);
        actions.addAll(start);
        return new Plan(actions, problems, wakeAt);
    }

    /** Why a defined domain with the right spec needs a (re)start, or null when it is fine. */
    private static String failureReason(ObservedDomain d) {
        return switch (d.state()) {
            case RUNNING -> d.health().status() == Health.Status.UNHEALTHY ? "unhealthy: " + d.health().reason() : null;
            case SHUT_OFF -> "shut off";
            case CRASHED -> "crashed";
            case PAUSED -> "paused";
            case OTHER -> "in an unexpected state";
        };
    }

    private static void teardown(ObservedDomain d, String reason, boolean withOverlay, Set<String> volumes, List<Action> out) {
        if (d.state().active()) {
            out.add(new StopDomain(d.name(), reason));
        }
        out.add(new UndefineDomain(d.name()));
        List<String> delete = new ArrayList<>();
        if (withOverlay && volumes.remove(VolumeNames.overlay(d.name()))) {
            delete.add(VolumeNames.overlay(d.name()));
        }
        if (volumes.remove(VolumeNames.configDrive(d.name()))) {
            delete.add(VolumeNames.configDrive(d.name()));
        }
        if (!delete.isEmpty()) {
            out.add(new DeleteVolumes(delete));
        }
    }

    private static void createVolumes(InstanceTarget t, Set<String> volumes, List<Action> out) {
        InstanceSpec spec = t.spec();
        String overlay = VolumeNames.overlay(spec.domainName());
        if (spec.image().kind() == ImageRef.Kind.DISK && !volumes.contains(overlay)) {
            out.add(new CreateOverlay(spec.id(), overlay, spec.image()));
        }
        String drive = VolumeNames.configDrive(spec.domainName());
        if (!volumes.contains(drive)) {
            out.add(new CreateConfigDrive(spec.id(), drive, t.configDrive()));
        }
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Instant b) {
        return Optional.of(a.filter(x -> x.isBefore(b)).orElse(b));
    }
}
