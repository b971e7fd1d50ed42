package dev.fabric.agent.run;

import dev.fabric.agent.Fixtures;
import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.execute.AgentMemory;
import dev.fabric.agent.reconcile.FailureHistory;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Restart histories handed from one agent process to the next (decision 0560), without I/O. */
class RememberedFailuresTest {
    private static final Instant T = Instant.parse("2026-11-24T04:00:00Z");

    @Test
    void onlyInstancesTheStoreStillWantsKeepTheirHistory() {
        FailureHistory twice = new FailureHistory(2, T, "crashed");
        Map<InstanceId, FailureHistory> recorded = Map.of(
                new InstanceId("webfarm", "WebRole", 1), twice,
                new InstanceId("webfarm", "WebRole", 5), twice, // scaled in since
                new InstanceId("gone", "WebRole", 0), twice); // deployment removed since

        Map<InstanceId, FailureHistory> kept = HostAgent.stillDesired(recorded, Fixtures.desired("tiny", Fixtures.webfarm(2)));

        assertThat(kept).containsExactly(Map.entry(new InstanceId("webfarm", "WebRole", 1), twice));
    }

    @Test
    void aHistoryThisProcessAlreadyHasIsNewerThanTheRecordedOne() {
        AgentMemory memory = new AgentMemory();
        InstanceId web0 = new InstanceId("webfarm", "WebRole", 0);
        InstanceId web1 = new InstanceId("webfarm", "WebRole", 1);
        memory.remember(Map.of(web0, new FailureHistory(1, T, "crashed")));
        memory.remember(Map.of(web0, new FailureHistory(7, T.minusSeconds(60), "older"),
                web1, new FailureHistory(4, T, "unhealthy")));

        assertThat(memory.failures()).containsOnly(Map.entry(web0, new FailureHistory(1, T, "crashed")),
                Map.entry(web1, new FailureHistory(4, T, "unhealthy")));
    }
}
