package dev.fabric.agent.reconcile;

import dev.fabric.agent.Fixtures;
import dev.fabric.servicedef.model.Service;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random histories, seeded so failures reproduce: from any host state the reconciler reaches the
 * target, never starts a guest before its firewall, survives being interrupted anywhere, and is
 * then idempotent.
 */
class ReconcilerPropertiesTest {
    private static final Instant NOW = Instant.parse("2026-11-24T03:00:00Z");
    private final Reconciler reconciler = new Reconciler(BackoffPolicy.DEFAULT);

    private static List<Service> randomServices(Random r) {
        List<Service> out = new ArrayList<>();
        if (r.nextBoolean()) {
            out.add(Fixtures.webfarm(1 + r.nextInt(4)));
        }
        if (r.nextBoolean()) {
            out.add(Fixtures.everything());
        }
        return out;
    }

    private static TargetHost targetFor(Random r, List<ObservedDomain> observed) {
        return HostStates.target(r.nextBoolean() ? "tiny" : "debian-12", observed, randomServices(r).toArray(Service[]::new));
    }

    /** Converges (with random interruptions and agent restarts); returns the number of rounds it took. */
    private int converge(SimulatedHost host, TargetHost target, Random r) {
        for (int round = 1; round <= 10; round++) {
            Plan plan = reconciler.plan(target, host.observe(), NOW);
            if (plan.isEmpty()) {
                return round;
            }
            if (r.nextInt(3) == 0) {
                // The agent dies part-way through the plan and restarts.
                host.execute(plan.actions().subList(0, r.nextInt(plan.actions().size())), target);
                host.forgetFirewall();
            } else {
                host.execute(plan.actions(), target);
            }
        }
        throw new AssertionError("did not converge in 10 rounds");
    }

    @Test
    void fromAnyHistoryTheHostConvergesFailClosedAndThenStaysPut() {
        for (long seed = 1; seed <= 300; seed++) {
            Random r = new Random(seed);
            SimulatedHost host = new SimulatedHost(ObservedHost.empty());
            for (int step = 0; step < 4; step++) {
                TargetHost target = targetFor(r, host.observe().domains());
                converge(host, target, r);
                Plan again = reconciler.plan(target, host.observe(), NOW);
                assertThat(again.actions()).as("seed " + seed + " step " + step + ": idempotent").isEmpty();
                // Every desired guest runs with exactly the spec the target holds.
                assertThat(host.observe().domains().stream().map(d -> d.spec().orElseThrow()).toList())
                        .as("seed " + seed).containsExactlyInAnyOrderElementsOf(
                                target.instances().stream().map(InstanceTarget::spec).toList());
                assertThat(host.observe().domains()).allMatch(d -> d.state() == DomainState.RUNNING);
            }
        }
    }

    @Test
    void aSingleUninterruptedPlanReachesTheTarget() {
        for (long seed = 1; seed <= 100; seed++) {
            Random r = new Random(seed);
            SimulatedHost host = new SimulatedHost(ObservedHost.empty());
            TargetHost first = targetFor(r, List.of());
            host.execute(reconciler.plan(first, host.observe(), NOW).actions(), first);
            TargetHost next = targetFor(r, host.observe().domains());

            host.execute(reconciler.plan(next, host.observe(), NOW).actions(), next);

            assertThat(reconciler.plan(next, host.observe(), NOW).actions()).as("seed " + seed).isEmpty();
        }
    }
}
