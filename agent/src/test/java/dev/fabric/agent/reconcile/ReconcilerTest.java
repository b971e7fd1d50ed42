package dev.fabric.agent.reconcile;

import dev.fabric.agent.Fixtures;
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
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.fabric.agent.reconcile.HostStates.converged;
import static dev.fabric.agent.reconcile.HostStates.target;
import static org.assertj.core.api.Assertions.assertThat;

class ReconcilerTest {
    private static final Instant NOW = Instant.parse("2026-11-24T03:00:00Z");
    private final Reconciler reconciler = new Reconciler(BackoffPolicy.DEFAULT);

    private static final InstanceId WEB0 = new InstanceId("webfarm", "WebRole", 0);
    private static final InstanceId WEB1 = new InstanceId("webfarm", "WebRole", 1);
    private static final InstanceId WORKER0 = new InstanceId("webfarm", "WorkerRole", 0);

    /** Actions as short lines, for readable expectations. */
    private static List<String> lines(Plan plan) {
        return plan.actions().stream().map(ReconcilerTest::line).toList();
    }

    private static String line(Action a) {
        if (a instanceof ApplyFirewall f) {
            return "firewall " + f.plan().deployments().stream().mapToInt(d -> d.instances().size()).sum() + " instances";
        }
        if (a instanceof StopDomain s) {
            return "stop " + s.domain() + " (" + s.reason() + ")";
        }
        if (a instanceof UndefineDomain u) {
            return "undefine " + u.domain();
        }
        if (a instanceof DeleteVolumes d) {
            return "delete " + String.join(" ", d.volumes());
        }
        if (a instanceof CreateOverlay o) {
            return "overlay " + o.volume();
        }
        if (a instanceof CreateConfigDrive c) {
            return "drive " + c.volume();
        }
        if (a instanceof DefineDomain d) {
            return "define " + d.spec().domainName();
        }
        if (a instanceof StartDomain s) {
            return "start " + s.domain();
        }
        RestartDomain r = (RestartDomain) a;
        return "restart " + r.domain() + " attempt " + r.attempt() + " after " + r.backoff() + " (" + r.reason() + ")";
    }

    @Test
    void anEmptyHostGetsFirewallThenVolumesAndDefinitionsThenStarts() {
        TargetHost target = target("tiny", Fixtures.webfarm(2));

        Plan plan = reconciler.plan(target, ObservedHost.empty(), NOW);

        assertThat(lines(plan)).containsExactly(
                "firewall 3 instances",
                "drive fabric.webfarm.WebRole.0.cidata.img",
                "define fabric.webfarm.WebRole.0",
                "drive fabric.webfarm.WebRole.1.cidata.img",
                "define fabric.webfarm.WebRole.1",
                "drive fabric.webfarm.WorkerRole.0.cidata.img",
                "define fabric.webfarm.WorkerRole.0",
                "start fabric.webfarm.WebRole.0",
                "start fabric.webfarm.WebRole.1",
                "start fabric.webfarm.WorkerRole.0");
        assertThat(((ApplyFirewall) plan.actions().get(0)).plan()).isEqualTo(target.firewall());
        assertThat(plan.problems()).isEmpty();
        assertThat(plan.wakeAt()).isEmpty();
    }

    @Test
    void diskImagesGetAnOverlayBeforeTheirConfigDrive() {
        Plan plan = reconciler.plan(target("debian-12", Fixtures.webfarm(1)), ObservedHost.empty(), NOW);

        assertThat(lines(plan)).containsSubsequence("overlay fabric.webfarm.WebRole.0.overlay.qcow2",
                "drive fabric.webfarm.WebRole.0.cidata.img", "define fabric.webfarm.WebRole.0", "start fabric.webfarm.WebRole.0");
    }

    @Test
    void aConvergedHostNeedsNothing() {
        TargetHost target = target("debian-12", Fixtures.webfarm(2), Fixtures.everything());

        assertThat(reconciler.plan(target, converged(target), NOW).actions()).isEmpty();
    }

    @Test
    void aRestartedAgentReAdoptsRunningGuestsAndOnlyReappliesTheFirewall() {
        TargetHost before = target("tiny", Fixtures.webfarm(2));
        ObservedHost afterRestart = HostStates.withoutFirewall(converged(before));
        // The restarted agent knows only what libvirt tells it: addresses come from the domains.
        TargetHost rebuilt = target("tiny", afterRestart.domains(), Fixtures.webfarm(2));

        Plan plan = reconciler.plan(rebuilt, afterRestart, NOW);

        assertThat(rebuilt).isEqualTo(before);
        assertThat(lines(plan)).containsExactly("firewall 3 instances");
    }

    @Test
    void addressesSurviveAnAgentRestartEvenWhenTheyAreNotTheFreshOnes() {
        // Three web instances and the worker (.13) ran; the web role was scaled down to one.
        TargetHost three = target("tiny", Fixtures.webfarm(3));
        TargetHost one = target("tiny", converged(three).domains(), Fixtures.webfarm(1));
        ObservedHost afterRestart = HostStates.withoutFirewall(converged(one));

        TargetHost rebuilt = target("tiny", afterRestart.domains(), Fixtures.webfarm(1));

        assertThat(rebuilt.instances()).extracting(t -> t.spec().id() + "=" + t.spec().network().address() + "/" + t.spec().network().tap())
                .containsExactly("webfarm.WebRole.0=10.213.0.10/fab-0", "webfarm.WorkerRole.0=10.213.0.13/fab-3");
        assertThat(target("tiny", Fixtures.webfarm(1)).instances().get(1).spec().network().tap()).isEqualTo("fab-1"); // fresh
        assertThat(lines(reconciler.plan(rebuilt, afterRestart, NOW))).containsExactly("firewall 2 instances");
    }

    @Test
    void domainsNoLongerDesiredAreStoppedUndefinedAndTheirVolumesDeletedAfterTheFirewall() {
        TargetHost old = target("debian-12", Fixtures.webfarm(2));
        ObservedHost observed = converged(old);
        TargetHost smaller = target("debian-12", observed.domains(), Fixtures.webfarm(1));

        Plan plan = reconciler.plan(smaller, observed, NOW);

        assertThat(lines(plan)).containsExactly(
                "firewall 2 instances",
                "stop fabric.webfarm.WebRole.1 (no longer in the desired state)",
                "undefine fabric.webfarm.WebRole.1",
                "delete fabric.webfarm.WebRole.1.overlay.qcow2 fabric.webfarm.WebRole.1.cidata.img");
    }

    @Test
    void removingEverythingLeavesNothingBehind() {
        TargetHost old = target("debian-12", Fixtures.webfarm(1));
        ObservedHost observed = converged(old);
        TargetHost empty = target("debian-12");

        Plan plan = reconciler.plan(empty, observed, NOW);

        assertThat(lines(plan)).containsExactly("firewall 0 instances",
                "stop fabric.webfarm.WebRole.0 (no longer in the desired state)", "undefine fabric.webfarm.WebRole.0",
                "delete fabric.webfarm.WebRole.0.overlay.qcow2 fabric.webfarm.WebRole.0.cidata.img",
                "stop fabric.webfarm.WorkerRole.0 (no longer in the desired state)", "undefine fabric.webfarm.WorkerRole.0",
                "delete fabric.webfarm.WorkerRole.0.overlay.qcow2 fabric.webfarm.WorkerRole.0.cidata.img");
        assertThat(reconciler.plan(empty, new ObservedHost(List.of(), Set.of(), Optional.of(empty.firewall()), Map.of()), NOW)
                .actions()).isEmpty();
    }

    @Test
    void aChangedSpecReplacesTheGuestButKeepsItsDiskWhenTheImageIsTheSame() {
        TargetHost old = target("debian-12", Fixtures.webfarm(1));
        ObservedHost observed = converged(old);
        var service = Fixtures.webfarm(1);
        var web = service.roles().get(0);
        var changed = new dev.fabric.servicedef.model.Service(service.name(), service.osFamily(), service.upgradeDomainCount(),
                List.of(new dev.fabric.servicedef.model.Role(web.name(), web.kind(), web.size(), 1, web.endpoints(),
                        Map.of("Greeting", "changed")), service.roles().get(1)));
        TargetHost next = target("debian-12", observed.domains(), changed);

        Plan plan = reconciler.plan(next, observed, NOW);

        assertThat(lines(plan)).containsExactly(
                "firewall 2 instances", // the service record changed, so the plan is re-applied (same rules)
                "stop fabric.webfarm.WebRole.0 (spec changed)", "undefine fabric.webfarm.WebRole.0",
                "delete fabric.webfarm.WebRole.0.cidata.img",
                "drive fabric.webfarm.WebRole.0.cidata.img", "define fabric.webfarm.WebRole.0", "start fabric.webfarm.WebRole.0");
    }

    @Test
    void aChangedImageAlsoReplacesTheOverlay() {
        TargetHost old = target("debian-12", Fixtures.webfarm(1));
        ObservedHost observed = converged(old);
        TargetHost next = target("tiny", observed.domains(), Fixtures.webfarm(1));

        Plan plan = reconciler.plan(next, observed, NOW);

        assertThat(lines(plan)).startsWith("stop fabric.webfarm.WebRole.0 (spec changed)", "undefine fabric.webfarm.WebRole.0",
                "delete fabric.webfarm.WebRole.0.overlay.qcow2 fabric.webfarm.WebRole.0.cidata.img");
        assertThat(lines(plan)).doesNotContain("overlay fabric.webfarm.WebRole.0.overlay.qcow2"); // kernel images have none
    }

    @Test
    void foreignDomainsAreNeverTouchedAndANameClashIsReported() {
        TargetHost target = target("tiny", Fixtures.webfarm(1));
        ObservedHost observed = HostStates.withDomains(converged(target), new ArrayList<>(List.of(
                ObservedDomain.foreign("someones-vm", DomainState.RUNNING))));
        List<ObservedDomain> domains = new ArrayList<>(observed.domains());
        domains.add(ObservedDomain.foreign("fabric.webfarm.WebRole.0", DomainState.SHUT_OFF));
        observed = new ObservedHost(domains, Set.of("fabric.webfarm.WorkerRole.0.cidata.img"), observed.firewall(), Map.of());

        Plan plan = reconciler.plan(target, observed, NOW);

        assertThat(lines(plan)).containsExactly("define fabric.webfarm.WorkerRole.0", "start fabric.webfarm.WorkerRole.0");
        assertThat(plan.problems()).containsExactly("instance webfarm.WebRole.0: a domain named fabric.webfarm.WebRole.0 exists"
                + " without Fabric metadata; Fabric leaves it alone and does not create the instance. Rename or remove that domain.");
    }

    @Test
    void aCopyOfAnInstanceUnderAnotherNameIsRemovedNotAdopted() {
        TargetHost target = target("tiny", Fixtures.webfarm(1));
        ObservedHost c = converged(target);
        List<ObservedDomain> domains = new ArrayList<>(c.domains());
        domains.add(new ObservedDomain("copy-of-web0", DomainState.RUNNING, c.domains().get(0).spec(), Health.HEALTHY));

        Plan plan = reconciler.plan(target, HostStates.withDomains(c, domains), NOW);

        assertThat(lines(plan)).containsExactly("stop copy-of-web0 (its name is not the one of instance webfarm.WebRole.0)",
                "undefine copy-of-web0");
    }

    @Test
    void orphanVolumesOfAnInterruptedRemovalAreDeletedAndOthersKept() {
        TargetHost target = target("tiny", Fixtures.webfarm(1));
        ObservedHost c = converged(target);
        Set<String> volumes = new HashSet<>(c.volumes());
        volumes.addAll(Set.of("fabric.old.R.0.cidata.img", "fabric.old.R.0.overlay.qcow2", "someone-elses.qcow2"));

        Plan plan = reconciler.plan(target, new ObservedHost(c.domains(), volumes, c.firewall(), Map.of()), NOW);

        assertThat(lines(plan)).containsExactly("delete fabric.old.R.0.cidata.img fabric.old.R.0.overlay.qcow2");
    }

    @Test
    void aHalfExecutedPlanIsFinishedWithoutRedoingWhatExists() {
        TargetHost target = target("debian-12", Fixtures.webfarm(1));
        // The agent died after creating WebRole.0's overlay and config drive, before defining it.
        ObservedHost observed = new ObservedHost(List.of(), Set.of("fabric.webfarm.WebRole.0.overlay.qcow2",
                "fabric.webfarm.WebRole.0.cidata.img"), Optional.of(target.firewall()), Map.of());

        Plan plan = reconciler.plan(target, observed, NOW);

        assertThat(lines(plan)).containsExactly("define fabric.webfarm.WebRole.0",
                "overlay fabric.webfarm.WorkerRole.0.overlay.qcow2", "drive fabric.webfarm.WorkerRole.0.cidata.img",
                "define fabric.webfarm.WorkerRole.0", "start fabric.webfarm.WebRole.0", "start fabric.webfarm.WorkerRole.0");
    }

    @Test
    void aShutOffGuestWithNoFailuresIsStartedAndACrashedOneRestartedWithItsReason() {
        TargetHost target = target("tiny", Fixtures.webfarm(2));
        ObservedHost observed = HostStates.withDomain(HostStates.withDomain(converged(target), WEB0, DomainState.SHUT_OFF,
                Health.UNKNOWN), WEB1, DomainState.CRASHED, Health.UNKNOWN);

        Plan plan = reconciler.plan(target, observed, NOW);

        assertThat(lines(plan)).containsExactly("start fabric.webfarm.WebRole.0",
                "restart fabric.webfarm.WebRole.1 attempt 1 after PT0S (crashed)");
    }

    @Test
    void anUnhealthyGuestIsRestartedOnlyAfterItsBackoff() {
        TargetHost target = target("tiny", Fixtures.webfarm(1));
        ObservedHost unhealthy = HostStates.withDomain(converged(target), WORKER0, DomainState.RUNNING,
                Health.unhealthy("tcp 9000 refused"));
        FailureHistory twice = new FailureHistory(2, NOW.minusSeconds(1), "tcp 9000 refused");

        Plan first = reconciler.plan(target, unhealthy, NOW);
        Plan waiting = reconciler.plan(target, HostStates.withFailures(unhealthy, Map.of(WORKER0, twice)), NOW);
        Plan due = reconciler.plan(target, HostStates.withFailures(unhealthy, Map.of(WORKER0, twice)), NOW.plusSeconds(1));

        assertThat(lines(first)).containsExactly("restart fabric.webfarm.WorkerRole.0 attempt 1 after PT0S (unhealthy: tcp 9000 refused)");
        assertThat(waiting.actions()).isEmpty();
        assertThat(waiting.wakeAt()).contains(NOW.plusSeconds(1)); // 2 restarts so far: wait 2 s after the last
        assertThat(lines(due)).containsExactly("restart fabric.webfarm.WorkerRole.0 attempt 3 after PT2S (unhealthy: tcp 9000 refused)");
    }

    @Test
    void healthUnknownWhileBootingIsLeftAlone() {
        TargetHost target = target("tiny", Fixtures.webfarm(1));

        assertThat(reconciler.plan(target, HostStates.withDomain(converged(target), WEB0, DomainState.RUNNING, Health.UNKNOWN), NOW)
                .actions()).isEmpty();
    }

    @Test
    void aShutOffGuestThatFailedBeforeWaitsForItsBackoffAndGetsItsMissingDriveBack() {
        TargetHost target = target("tiny", Fixtures.webfarm(1));
        ObservedHost observed = HostStates.withDomain(converged(target), WEB0, DomainState.SHUT_OFF, Health.UNKNOWN);
        Set<String> volumes = new HashSet<>(observed.volumes());
        volumes.remove("fabric.webfarm.WebRole.0.cidata.img");
        observed = new ObservedHost(observed.domains(), volumes, observed.firewall(),
                Map.of(WEB0, new FailureHistory(1, NOW.minusMillis(400), "crashed")));

        Plan plan = reconciler.plan(target, observed, NOW);

        assertThat(lines(plan)).containsExactly("drive fabric.webfarm.WebRole.0.cidata.img");
        assertThat(plan.wakeAt()).contains(NOW.plusMillis(600));
    }

    @Test
    void anOldFailureHistoryNoLongerDelays() {
        TargetHost target = target("tiny", Fixtures.webfarm(1));
        ObservedHost observed = HostStates.withFailures(HostStates.withDomain(converged(target), WEB0, DomainState.CRASHED,
                Health.UNKNOWN), Map.of(WEB0, new FailureHistory(9, NOW.minus(Duration.ofMinutes(11)), "crashed")));

        assertThat(lines(reconciler.plan(target, observed, NOW)))
                .containsExactly("restart fabric.webfarm.WebRole.0 attempt 1 after PT0S (crashed)");
    }

    @Test
    void pausedAndUnknownStatesAreStoppedBeforeRemoval() {
        TargetHost old = target("tiny", Fixtures.webfarm(1));
        ObservedHost observed = HostStates.withDomain(HostStates.withDomain(converged(old), WEB0, DomainState.PAUSED, Health.UNKNOWN),
                WORKER0, DomainState.CRASHED, Health.UNKNOWN);

        Plan plan = reconciler.plan(target("tiny"), observed, NOW);

        assertThat(lines(plan)).contains("stop fabric.webfarm.WebRole.0 (no longer in the desired state)")
                .doesNotContain("stop fabric.webfarm.WorkerRole.0 (no longer in the desired state)")
                .contains("undefine fabric.webfarm.WorkerRole.0");
    }

    @Test
    void planningIsDeterministicAndIndependentOfObservationOrder() {
        TargetHost old = target("debian-12", Fixtures.webfarm(3), Fixtures.everything());
        ObservedHost observed = converged(old);
        List<ObservedDomain> reversed = new ArrayList<>(observed.domains());
        java.util.Collections.reverse(reversed);
        TargetHost next = target("debian-12", observed.domains(), Fixtures.webfarm(1));

        assertThat(reconciler.plan(next, HostStates.withDomains(observed, reversed), NOW))
                .isEqualTo(reconciler.plan(next, observed, NOW));
    }

    @Test
    void specsSeenByTheReconcilerAreTheOnesTheTargetHolds() {
        TargetHost target = target("tiny", Fixtures.webfarm(1));
        List<InstanceSpec> defined = reconciler.plan(target, ObservedHost.empty(), NOW).actions().stream()
                .filter(DefineDomain.class::isInstance).map(a -> ((DefineDomain) a).spec()).toList();

        assertThat(defined).containsExactlyElementsOf(target.instances().stream().map(InstanceTarget::spec).toList());
    }
}
