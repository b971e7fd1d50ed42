package dev.fabric.agent.health;

import dev.fabric.agent.Fixtures;
import dev.fabric.agent.reconcile.Action;
import dev.fabric.agent.reconcile.BackoffPolicy;
import dev.fabric.agent.reconcile.DomainState;
import dev.fabric.agent.reconcile.Health;
import dev.fabric.agent.reconcile.InstanceTarget;
import dev.fabric.agent.reconcile.ObservedDomain;
import dev.fabric.agent.reconcile.ObservedHost;
import dev.fabric.agent.reconcile.Plan;
import dev.fabric.agent.reconcile.Reconciler;
import dev.fabric.agent.reconcile.TargetHost;
import dev.fabric.agent.reconcile.TargetHostBuilder;
import dev.fabric.agent.reconcile.VolumeNames;
import dev.fabric.servicedef.model.HealthProbe;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The judge's verdicts as the reconciler consumes them: only UNHEALTHY restarts, and the reason travels along. */
class JudgedHealthDrivesRestartsTest {
    private static final Instant BOOT = Instant.parse("2026-11-24T12:00:00Z");
    private static final HealthJudge JUDGE = new HealthJudge(HealthSettings.DEFAULT);

    private static Plan plan(ProbeTrack webTrack, Instant now) {
        TargetHost target = new TargetHostBuilder().build(Fixtures.desired("tiny", Fixtures.webfarm(1)), List.of());
        Set<String> volumes = new HashSet<>();
        List<ObservedDomain> domains = target.instances().stream().map(InstanceTarget::spec).map(spec -> {
            volumes.add(VolumeNames.configDrive(spec.domainName()));
            HealthProbe probe = WatchedInstances.probes(Fixtures.desired("tiny", Fixtures.webfarm(1)).deployments())
                    .get(spec.id()).orElseThrow();
            Health h = spec.id().role().equals("WebRole") ? JUDGE.verdict(webTrack, probe, now) : Health.HEALTHY;
            return ObservedDomain.fabric(spec, DomainState.RUNNING, h);
        }).toList();
        ObservedHost observed = new ObservedHost(domains, volumes, Optional.of(target.firewall()), Map.of());
        return new Reconciler(BackoffPolicy.DEFAULT).plan(target, observed, now);
    }

    private static ProbeTrack refused(ProbeTrack t, long fromSecond, int n) {
        for (int i = 0; i < n; i++) {
            t = t.with(ProbeOutcome.failed(BOOT.plusSeconds(fromSecond + 15L * i), "connection refused"));
        }
        return t;
    }

    @Test
    void aBootingGuestInItsGracePeriodIsLeftAlone() {
        ProbeTrack booting = refused(ProbeTrack.startedAt(BOOT), 0, 10);

        assertThat(plan(booting, BOOT.plus(Duration.ofMinutes(4))).actions()).isEmpty();
    }

    @Test
    void anUnhealthyGuestIsRestartedWithTheProbesReason() {
        ProbeTrack failing = refused(ProbeTrack.startedAt(BOOT).with(ProbeOutcome.ok(BOOT.plusSeconds(5))), 20, 3);

        Plan p = plan(failing, BOOT.plusSeconds(51));

        assertThat(p.actions()).singleElement().isInstanceOfSatisfying(Action.RestartDomain.class, r -> {
            assertThat(r.id().text()).isEqualTo("webfarm.WebRole.0");
            assertThat(r.reason()).isEqualTo("unhealthy: tcp 8080: connection refused 3 times since 12:00:20");
            assertThat(r.attempt()).isEqualTo(1);
        });
    }

    @Test
    void oneLostProbeOfAServingGuestRestartsNothing() {
        ProbeTrack blip = refused(ProbeTrack.startedAt(BOOT).with(ProbeOutcome.ok(BOOT.plusSeconds(5))), 20, 1);

        assertThat(plan(blip, BOOT.plusSeconds(21)).actions()).isEmpty();
    }
}
