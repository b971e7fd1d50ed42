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
import java.util.Comparator;
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
        Steps steps = new Steps(observed.volumes());
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

        if (observed.firewall().filter(target.firewall()::equals).isEmpty()) {
            steps.firewall.add(new ApplyFirewall(target.firewall()));
        }
        misnamed.stream().sorted(Comparator.comparing(ObservedDomain::name))
                .forEach(d -> steps.teardown(d, "its name is not the one of instance " + d.spec().get().id(), true));
        for (ObservedDomain d : fabricById.values()) {
            if (!targetById.containsKey(d.spec().get().id())) {
                steps.teardown(d, "no longer in the desired state", true);
            }
        }
        for (InstanceTarget t : targetById.values()) {
            String name = t.spec().domainName();
            if (foreignByName.containsKey(name)) {
                steps.problems.add("instance " + t.spec().id() + ": a domain named " + name + " exists without Fabric"
                        + " metadata; Fabric leaves it alone and does not create the instance. Rename or remove that domain.");
            } else {
                planInstance(t, fabricById.get(t.spec().id()), observed, now, steps);
            }
        }
        steps.deleteOrphanVolumes(target);
        return steps.plan();
    }

    private void planInstance(InstanceTarget t, ObservedDomain current, ObservedHost observed, Instant now, Steps steps) {
        InstanceSpec spec = t.spec();
        if (current != null && !current.spec().get().equals(spec)) {
            boolean imageChanged = !current.spec().get().image().equals(spec.image());
            steps.teardown(current, "spec changed", imageChanged);
            current = null;
        }
        if (current == null) {
            steps.createVolumes(t);
            steps.create.add(new DefineDomain(spec));
            steps.start.add(new StartDomain(spec.domainName()));
            return;
        }
        String reason = failureReason(current);
        if (reason == null) {
            return; // defined with the current spec, running, not known to be unhealthy: adopted as it is
        }
        if (current.state() != DomainState.RUNNING) {
            steps.createVolumes(t); // whatever went missing while it was down
        }
        FailureHistory history = backoff.effective(observed.failures().getOrDefault(spec.id(), FailureHistory.NONE), now);
        if (current.state() == DomainState.SHUT_OFF && history.restarts() == 0) {
            steps.start.add(new StartDomain(spec.domainName())); // e.g. after a host reboot: nothing failed yet
            return;
        }
        Instant next = backoff.nextAttempt(history, now);
        if (now.isBefore(next)) {
            steps.wakeAt(next);
            return;
        }
        steps.start.add(new RestartDomain(spec.id(), spec.domainName(), reason, history.restarts() + 1,
                backoff.delayAfter(history.restarts())));
    }

    /** How a restart for a failed health probe begins its reason ({@code unhealthy: tcp 8080: ...}). */
    public static final String UNHEALTHY = "unhealthy: ";

    /** Why a defined domain with the right spec needs a (re)start, or null when it is fine. */
    private static String failureReason(ObservedDomain d) {
        return switch (d.state()) {
            case RUNNING -> d.health().status() == Health.Status.UNHEALTHY ? UNHEALTHY + d.health().reason() : null;
            case SHUT_OFF -> "shut off";
            case CRASHED -> "crashed";
            case PAUSED -> "paused";
            case OTHER -> "in an unexpected state";
        };
    }

    /** The actions of one plan, collected by group so the groups come out in the fixed order. */
    private static final class Steps {
        final List<Action> firewall = new ArrayList<>();
        final List<Action> teardown = new ArrayList<>();
        final List<Action> create = new ArrayList<>();
        final List<Action> start = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        /** Volumes present once the planned deletions are done. */
        final Set<String> volumes;
        Optional<Instant> wakeAt = Optional.empty();

        Steps(Set<String> observedVolumes) {
            this.volumes = new HashSet<>(observedVolumes);
        }

        void teardown(ObservedDomain d, String reason, boolean withOverlay) {
            if (d.state().active()) {
                teardown.add(new StopDomain(d.name(), reason));
            }
            teardown.add(new UndefineDomain(d.name()));
            List<String> delete = new ArrayList<>();
            if (withOverlay && volumes.remove(VolumeNames.overlay(d.name()))) {
                delete.add(VolumeNames.overlay(d.name()));
            }
            if (volumes.remove(VolumeNames.configDrive(d.name()))) {
                delete.add(VolumeNames.configDrive(d.name()));
            }
            if (!delete.isEmpty()) {
                teardown.add(new DeleteVolumes(delete));
            }
        }

        void createVolumes(InstanceTarget t) {
            InstanceSpec spec = t.spec();
            String overlay = VolumeNames.overlay(spec.domainName());
            if (spec.image().kind() == ImageRef.Kind.DISK && !volumes.contains(overlay)) {
                create.add(new CreateOverlay(spec.id(), overlay, spec.image()));
            }
            String drive = VolumeNames.configDrive(spec.domainName());
            if (!volumes.contains(drive)) {
                create.add(new CreateConfigDrive(spec.id(), drive, t.configDrive()));
            }
        }

        /** Volumes that belong to no desired instance and no remaining domain (left by an interrupted removal). */
        void deleteOrphanVolumes(TargetHost target) {
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
        }

        void wakeAt(Instant at) {
            wakeAt = Optional.of(wakeAt.filter(w -> w.isBefore(at)).orElse(at));
        }

        Plan plan() {
            List<Action> actions = new ArrayList<>(firewall);
            actions.addAll(teardown);
            actions.addAll(create);
            actions.addAll(start);
            return new Plan(actions, problems, wakeAt);
        }
    }
}
