package dev.fabric.controller.liveness;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every transition, driven by a fake clock: instants made here, never the wall clock. */
class HostLivenessTest {
    private static final Instant START = Instant.parse("2026-11-24T08:00:00Z");
    private static final LivenessSettings SETTINGS = LivenessSettings.DEFAULTS; // 1 s, lease 3 s, margin 1 s
    private static final List<String> THREE = List.of("host-1", "host-2", "host-3");

    private static Instant at(double seconds) {
        return START.plusMillis((long) (seconds * 1000));
    }

    private static String brief(List<LivenessTransition> ts) {
        return String.join("; ", ts.stream().map(t -> t.host() + " " + t.from() + "->" + t.to() + " @"
                + Duration.between(START, t.at()).toMillis()).toList());
    }

    @Test
    void afterAControllerStartSilentHostsGetOneLeasePlusMarginOfGraceThenGoDownOnce() {
        HostLiveness liveness = new HostLiveness(SETTINGS, THREE, START);
        assertThat(liveness.states()).containsOnly(Map.entry("host-1", HostState.UNKNOWN),
                Map.entry("host-2", HostState.UNKNOWN), Map.entry("host-3", HostState.UNKNOWN));
        assertThat(brief(liveness.heartbeat("host-1", at(0.5), Set.of()))).isEqualTo("host-1 UNKNOWN->UP @500");
        assertThat(liveness.heartbeat("host-1", at(1.5), Set.of())).isEmpty();
        assertThat(brief(liveness.heartbeat("host-2", at(2.0), Set.of()))).isEqualTo("host-2 UNKNOWN->UP @2000");
        assertThat(liveness.tick(at(3.999))).isEmpty();
        assertThat(liveness.gate()).isEqualTo(new GateDecision(true, 2, 3));

        for (double t = 3.5; t < 6; t += 1) {
            liveness.heartbeat("host-1", at(t), Set.of());
            liveness.heartbeat("host-2", at(t), Set.of());
        }
        assertThat(liveness.tick(at(5.999))).as("grace runs from the majority heard at 2 s").isEmpty();
        List<LivenessTransition> down = liveness.tick(at(6.0));
        assertThat(brief(down)).isEqualTo("host-3 UNKNOWN->DOWN @6000");
        assertThat(down.get(0).why()).isEqualTo("not heard since the controller started, nor vouched for within 4000 ms"
                + " of the controller hearing a majority");
        assertThat(liveness.tick(at(6.5))).as("reported once").isEmpty();
        assertThat(liveness.tick(at(60))).isNotEmpty(); // host-1 and host-2 fell silent too
        assertThat(liveness.tick(at(61))).isEmpty();
    }

    @Test
    void heartbeatsEveryIntervalKeepTheLease() {
        HostLiveness liveness = new HostLiveness(SETTINGS, List.of("host-1"), START);
        liveness.heartbeat("host-1", at(0), Set.of());
        for (int s = 1; s <= 100; s++) {
            assertThat(liveness.heartbeat("host-1", at(s), Set.of())).isEmpty();
            assertThat(liveness.tick(at(s + 0.9))).isEmpty();
        }
        assertThat(liveness.state("host-1")).isEqualTo(HostState.UP);
        // two lost heartbeats are still inside the lease
        assertThat(liveness.tick(at(102.999))).isEmpty();
    }

    @Test
    void aSilentHostIsSuspectWhenItsLeaseEndsAndDownAfterTheMarginEachReportedOnceWithItsTime() {
        HostLiveness liveness = new HostLiveness(SETTINGS, THREE, START);
        THREE.forEach(h -> liveness.heartbeat(h, at(1), Set.of()));
        liveness.heartbeat("host-1", at(2), Set.of());
        liveness.heartbeat("host-2", at(2), Set.of());
        assertThat(liveness.tick(at(3.9))).isEmpty();
        List<LivenessTransition> suspect = liveness.tick(at(4.2));
        assertThat(brief(suspect)).isEqualTo("host-3 UP->SUSPECT @4000");
        assertThat(suspect.get(0).why()).isEqualTo("no heartbeat for 3000 ms (lease ended)");
        assertThat(liveness.tick(at(4.5))).isEmpty();
        liveness.heartbeat("host-1", at(4.5), Set.of());
        liveness.heartbeat("host-2", at(4.5), Set.of());
        assertThat(liveness.down()).isEmpty();
        List<LivenessTransition> down = liveness.tick(at(5.0));
        assertThat(brief(down)).isEqualTo("host-3 SUSPECT->DOWN @5000");
        assertThat(down.get(0).why()).isEqualTo("no heartbeat for lease 3000 ms + fence margin 1000 ms");
        assertThat(liveness.down()).containsExactly("host-3");
        assertThat(liveness.gate()).isEqualTo(new GateDecision(true, 2, 3));
        assertThat(liveness.tick(at(5.5))).isEmpty();
    }

    @Test
    void aLateTickReportsEveryStepWithTheTimeItHappenedNotTheTimeOfTheTick() {
        HostLiveness liveness = new HostLiveness(SETTINGS, List.of("host-1"), START);
        liveness.heartbeat("host-1", at(1), Set.of());
        assertThat(brief(liveness.tick(at(30)))).isEqualTo("host-1 UP->SUSPECT @4000; host-1 SUSPECT->DOWN @5000");
    }

    @Test
    void aHostThatComesBackIsUpAgain() {
        HostLiveness liveness = new HostLiveness(SETTINGS, THREE, START);
        THREE.forEach(h -> liveness.heartbeat(h, at(0), Set.of()));
        liveness.heartbeat("host-1", at(2.5), Set.of());
        liveness.heartbeat("host-2", at(2.5), Set.of());
        // back inside the margin: suspect, never down
        assertThat(brief(liveness.heartbeat("host-3", at(3.5), Set.of())))
                .isEqualTo("host-3 UP->SUSPECT @3000; host-3 SUSPECT->UP @3500");
        // back after being down
        liveness.heartbeat("host-1", at(5), Set.of());
        liveness.heartbeat("host-2", at(5), Set.of());
        assertThat(brief(liveness.tick(at(7.5)))).isEqualTo("host-3 UP->SUSPECT @6500; host-3 SUSPECT->DOWN @7500");
        List<LivenessTransition> back = liveness.heartbeat("host-3", at(20), Set.of());
        assertThat(back).extracting(LivenessTransition::host, LivenessTransition::to)
                .endsWith(org.assertj.core.groups.Tuple.tuple("host-3", HostState.UP));
        assertThat(back.get(back.size() - 1).why()).isEqualTo("heartbeat again");
        assertThat(back.get(back.size() - 1).from()).isEqualTo(HostState.DOWN);
    }

    @Test
    void frequentHeartbeatsOfOthersNeitherHideNorDelayAnExpiryEvenOfAHostThatJustCameBack() {
        HostLiveness liveness = new HostLiveness(SETTINGS, THREE, START);
        THREE.forEach(h -> liveness.heartbeat(h, at(0), Set.of()));
        StringBuilder seen = new StringBuilder();
        for (int ms = 100; ms <= 20_000; ms += 100) { // host-1 and host-2 beat every 100 ms
            seen.append(brief(liveness.heartbeat("host-1", at(ms / 1000.0), Set.of())));
            seen.append(brief(liveness.heartbeat("host-2", at(ms / 1000.0), Set.of())));
            if (ms == 10_000) {
                seen.append(" | ").append(brief(liveness.heartbeat("host-3", at(10), Set.of()))).append(" | ");
            }
        }
        assertThat(seen.toString()).isEqualTo("host-3 UP->SUSPECT @3000host-3 SUSPECT->DOWN @4000"
                + " | host-3 DOWN->UP @10000 | host-3 UP->SUSPECT @13000host-3 SUSPECT->DOWN @14000");
    }

    @Test
    void aHeartbeatQueuedPastTheDeadlineStillCountsTheHostDownFirst() {
        HostLiveness liveness = new HostLiveness(SETTINGS, List.of("host-1"), START);
        liveness.heartbeat("host-1", at(0), Set.of());
        assertThat(brief(liveness.heartbeat("host-1", at(4.5), Set.of())))
                .isEqualTo("host-1 UP->SUSPECT @3000; host-1 SUSPECT->DOWN @4000; host-1 DOWN->UP @4500");
    }

    @Test
    void afterAControllerRestartAHostThatReconnectsLateIsKeptByItsPeersVouches() {
        HostLiveness liveness = new HostLiveness(SETTINGS, THREE, START);
        assertThat(liveness.tick(at(30))).as("nobody heard yet: nothing goes down").isEmpty();
        // host-1 and host-3 come back late (agent backoff), each saying it hears host-2
        liveness.heartbeat("host-1", at(31), Set.of("host-2", "host-3"));
        liveness.heartbeat("host-3", at(31.2), Set.of("host-1", "host-2"));
        for (double t = 32; t < 45; t += 1) {
            liveness.heartbeat("host-1", at(t), Set.of("host-2", "host-3"));
            liveness.heartbeat("host-3", at(t + 0.2), Set.of("host-1", "host-2"));
        }
        assertThat(liveness.state("host-2")).as("silent to the controller, heard by its peers").isEqualTo(HostState.UNKNOWN);
        assertThat(liveness.down()).isEmpty();
        assertThat(brief(liveness.heartbeat("host-2", at(45), Set.of()))).isEqualTo("host-2 UNKNOWN->UP @45000");
    }

    @Test
    void withoutAMajorityTheGateStaysClosedAlthoughHostsAreDown() {
        HostLiveness liveness = new HostLiveness(SETTINGS, THREE, START);
        THREE.forEach(h -> liveness.heartbeat(h, at(0), Set.of()));
        liveness.heartbeat("host-1", at(3), Set.of());
        liveness.tick(at(4));
        assertThat(liveness.down()).containsExactly("host-2", "host-3");
        GateDecision gate = liveness.gate();
        assertThat(gate.open()).isFalse();
        assertThat(gate.reason()).isEqualTo("reincarnation held: the controller hears only 1 of 3 hosts, not a"
                + " majority; it may be the one cut off, so it moves nothing until it hears at least 2");
        // one comes back: 2 of 3 is a majority
        liveness.heartbeat("host-2", at(4.5), Set.of());
        assertThat(liveness.gate().open()).isTrue();
    }

    @Test
    void theGateNeedsAStrictMajority() {
        assertThat(ReincarnationGate.check(Map.of("a", HostState.UP, "b", HostState.UP,
                "c", HostState.DOWN, "d", HostState.DOWN)).open()).as("2 of 4 is not a majority").isFalse();
        assertThat(ReincarnationGate.check(Map.of("a", HostState.UP, "b", HostState.UP, "c", HostState.UP,
                "d", HostState.DOWN)).open()).isTrue();
        assertThat(ReincarnationGate.check(Map.of("a", HostState.UP, "b", HostState.SUSPECT, "c", HostState.UNKNOWN)).open())
                .as("only hosts the controller hears count").isFalse();
        assertThat(ReincarnationGate.check(Map.of("a", HostState.UP)).open()).isTrue();
    }

    @Test
    void aHostItsPeersStillHearStaysSuspectAndIsDownOnlyAMarginAfterTheLastVouch() {
        HostLiveness liveness = new HostLiveness(SETTINGS, THREE, START);
        THREE.forEach(h -> liveness.heartbeat(h, at(0), Set.of()));
        // host-3 is cut off from the controller only; host-1 keeps hearing it until t=6
        for (int s = 1; s <= 10; s++) {
            List<LivenessTransition> ts = new java.util.ArrayList<>(
                    liveness.heartbeat("host-1", at(s), s <= 6 ? Set.of("host-2", "host-3") : Set.of("host-2")));
            ts.addAll(liveness.heartbeat("host-2", at(s), Set.of()));
            ts.addAll(liveness.tick(at(s + 0.5)));
            if (s == 3) {
                assertThat(brief(ts)).isEqualTo("host-3 UP->SUSPECT @3000");
            } else if (s == 10) {
                assertThat(brief(ts)).isEqualTo("host-3 SUSPECT->DOWN @10000");
                assertThat(ts.get(0).why()).endsWith("and no peer has heard it since " + at(6));
            } else {
                assertThat(ts).as("t=%d", s).isEmpty();
            }
        }
    }

    @Test
    void inventoryChangesGiveNewHostsAGraceAndForgetRemovedOnes() {
        HostLiveness liveness = new HostLiveness(SETTINGS, List.of("host-1", "host-2"), START);
        liveness.heartbeat("host-1", at(0), Set.of());
        liveness.heartbeat("host-2", at(0), Set.of());
        liveness.inventoryChanged(List.of("host-1", "host-3"), at(10));
        assertThat(liveness.states()).containsOnlyKeys("host-1", "host-3");
        assertThat(liveness.state("host-3")).isEqualTo(HostState.UNKNOWN);
        liveness.heartbeat("host-1", at(10), Set.of());
        assertThat(liveness.tick(at(12.9))).isEmpty();
        assertThat(brief(liveness.tick(at(14)))).isEqualTo("host-1 UP->SUSPECT @13000; host-1 SUSPECT->DOWN @14000; host-3 UNKNOWN->DOWN @14000");
        assertThatThrownBy(() -> liveness.heartbeat("host-2", at(15), Set.of()))
                .hasMessage("host host-2 is not in the inventory");
    }

    @Test
    void settingsRefuseALeaseThatOneLostHeartbeatWouldEnd() {
        assertThat(LivenessSettings.DEFAULTS.downAfter()).isEqualTo(Duration.ofSeconds(4));
        assertThatThrownBy(() -> new LivenessSettings(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ZERO))
                .hasMessage("lease 2000 ms must be longer than twice the heartbeat interval 1000 ms,"
                        + " so one lost heartbeat does not end it");
        assertThatThrownBy(() -> new LivenessSettings(Duration.ZERO, Duration.ofSeconds(2), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LivenessSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
