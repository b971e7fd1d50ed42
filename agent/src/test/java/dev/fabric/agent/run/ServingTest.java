package dev.fabric.agent.run;

import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.reconcile.Health;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServingTest {
    private static final InstanceId WEB0 = new InstanceId("webfarm", "WebRole", 0);
    private static final InstanceId WEB1 = new InstanceId("webfarm", "WebRole", 1);

    @Test
    void servingWhenEveryInstanceIsHealthy() {
        assertThat(Serving.of(List.of(WEB0, WEB1), Map.of(WEB0, Health.HEALTHY, WEB1, Health.HEALTHY)).state())
                .isEqualTo(Serving.State.SERVING);
    }

    @Test
    void notYetWhileOneIsUnknownOrHasNoVerdict() {
        assertThat(Serving.of(List.of(WEB0, WEB1), Map.of(WEB0, Health.HEALTHY, WEB1, Health.UNKNOWN)).state())
                .isEqualTo(Serving.State.NOT_YET);
        assertThat(Serving.of(List.of(WEB0, WEB1), Map.of(WEB0, Health.HEALTHY)).state()).isEqualTo(Serving.State.NOT_YET);
        assertThat(Serving.of(List.of(), Map.of()).state()).as("no instance seen yet").isEqualTo(Serving.State.NOT_YET);
    }

    @Test
    void oneUnhealthyInstanceFailsWithItsReason() {
        Serving s = Serving.of(List.of(WEB1, WEB0), Map.of(WEB0, Health.HEALTHY,
                WEB1, Health.unhealthy("tcp 8099: connection refused 2 times since 05:00:00Z")));
        assertThat(s.state()).isEqualTo(Serving.State.FAILED);
        assertThat(s.failure()).contains("webfarm.WebRole.1 does not serve: tcp 8099: connection refused 2 times since 05:00:00Z");
    }
}
