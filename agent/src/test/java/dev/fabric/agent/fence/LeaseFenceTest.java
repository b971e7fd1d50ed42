package dev.fabric.agent.fence;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseFenceTest {
    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");
    private final LeaseFence fence = new LeaseFence(Duration.ofSeconds(3), Duration.ofSeconds(2));

    private static Instant at(double seconds) {
        return T0.plusMillis((long) (seconds * 1000));
    }

    @Test
    void aValidLeaseNeverFences() {
        fence.heartbeatAcked(1, at(0));
        fence.peersChecked(new PeerCheck(2, 0, at(1)));
        assertThat(fence.decide(at(2.9)).fenced()).isFalse();
    }

    @Test
    void anExpiredLeaseWithNoMajorityFences() {
        fence.heartbeatAcked(1, at(0));
        fence.peersChecked(new PeerCheck(2, 0, at(2.5)));
        FenceDecision d = fence.decide(at(3));
        assertThat(d.fenced()).isTrue();
        assertThat(d.reason()).isEqualTo("lease expired at 2026-11-24T08:00:03Z and 0 of 2 other hosts reachable: no majority;"
                + " instances stopped until the controller renews the lease");
    }

    @Test
    void aControllerOutageSeenWithAMajorityOfPeersKeepsInstancesRunning() {
        fence.heartbeatAcked(1, at(0));
        for (int s = 3; s < 60; s++) {
            fence.peersChecked(new PeerCheck(2, 1, at(s - 0.5)));
            assertThat(fence.decide(at(s)).fenced()).as("at %d s", s).isFalse();
        }
        assertThat(fence.decide(at(59)).reason()).contains("a majority, so the controller is what failed");
    }

    @Test
    void aCheckOlderThanTheMaximumAgeDoesNotCountAndNotKnowingFences() {
        fence.heartbeatAcked(1, at(0));
        fence.peersChecked(new PeerCheck(2, 2, at(0.5)));
        FenceDecision d = fence.decide(at(5));
        assertThat(d.fenced()).isTrue();
        assertThat(d.reason()).contains("no recent check of the other hosts");
    }

    @Test
    void anAgentThatNeverHeldALeaseRunsWhileItSeesAMajority() {
        fence.peersChecked(new PeerCheck(2, 1, at(0)));
        assertThat(fence.decide(at(0.1)).fenced()).isFalse();
        fence.peersChecked(new PeerCheck(2, 0, at(1)));
        assertThat(fence.decide(at(1.1)).reason()).startsWith("no lease since the agent started and 0 of 2");
    }

    @Test
    void aSingleHostFabricAlwaysHasItsMajority() {
        fence.peersChecked(new PeerCheck(0, 0, at(10)));
        assertThat(fence.decide(at(10)).fenced()).isFalse();
    }

    @Test
    void twoOfFourOtherHostsAreAMajorityOfFiveButOneIsNot() {
        assertThat(new PeerCheck(4, 2, T0).majority()).isTrue();
        assertThat(new PeerCheck(4, 1, T0).majority()).isFalse();
        assertThat(new PeerCheck(3, 1, T0).majority()).as("2 of 4 is not more than half").isFalse();
    }

    @Test
    void fencedStaysFencedUntilTheLeaseIsRenewedAndTheDesiredStateArrivedOnThatConnection() {
        fence.heartbeatAcked(1, at(0));
        fence.peersChecked(new PeerCheck(2, 0, at(3)));
        assertThat(fence.decide(at(3)).fenced()).isTrue();

        fence.peersChecked(new PeerCheck(2, 2, at(4)));
        assertThat(fence.decide(at(4)).fenced()).as("peers back, lease not renewed").isTrue();

        fence.heartbeatAcked(2, at(5));
        assertThat(fence.decide(at(5.1)).fenced()).as("lease renewed, no desired state on connection 2 yet").isTrue();

        fence.desiredStateReceived(2);
        FenceDecision d = fence.decide(at(5.2));
        assertThat(d.fenced()).isFalse();
        assertThat(d.reason()).startsWith("lease renewed and desired state received");
    }

    @Test
    void anAckForAHeartbeatSentBeforeTheFenceDoesNotLiftIt() {
        fence.heartbeatAcked(1, at(0));
        fence.desiredStateReceived(1);
        fence.peersChecked(new PeerCheck(2, 0, at(3)));
        assertThat(fence.decide(at(3.5)).fenced()).isTrue();
        fence.heartbeatAcked(1, at(3.4)); // late ack of a heartbeat from before the fence
        assertThat(fence.decide(at(3.6)).fenced()).isTrue();
    }

    @Test
    void anOutOfOrderAckNeverShortensTheLease() {
        fence.heartbeatAcked(1, at(2));
        fence.heartbeatAcked(1, at(1));
        assertThat(fence.leaseEnd()).contains(at(5));
    }

    @Test
    void nothingMayStartUntilTheControllersDesiredStateArrivesInThisProcess() {
        fence.peersChecked(new PeerCheck(2, 2, at(0)));
        FenceDecision poweredOn = fence.decide(at(0.1));
        assertThat(poweredOn.fenced()).as("what runs keeps running").isFalse();
        assertThat(poweredOn.mayStart()).as("but the stored state may be stale after a power loss").isFalse();
        assertThat(poweredOn.reason()).endsWith("starting nothing until the controller's desired state arrives");

        fence.heartbeatAcked(1, at(0.5));
        assertThat(fence.decide(at(0.6)).mayStart()).as("a lease alone is not the desired state").isFalse();
        fence.desiredStateReceived(1);
        FenceDecision joined = fence.decide(at(0.7));
        assertThat(joined.mayStart()).isTrue();
        assertThat(joined.reason()).isEqualTo("lease valid until 2026-11-24T08:00:03.500Z");
    }
}
