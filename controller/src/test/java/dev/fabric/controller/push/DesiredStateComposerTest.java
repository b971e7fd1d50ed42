package dev.fabric.controller.push;

import dev.fabric.controller.model.Assignment;
import dev.fabric.controller.model.DeploymentRecord;
import dev.fabric.controller.model.InstanceKey;
import dev.fabric.protocol.v1.DesiredState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DesiredStateComposerTest {
    static final List<FabricHost> HOSTS = List.of(new FabricHost("host-1", "10.214.0.11", "10.213.1.0/24"),
            new FabricHost("host-2", "10.214.0.12", "10.213.2.0/24"), new FabricHost("host-3", "10.214.0.13", "10.213.3.0/24"));
    static final DeploymentRecord WEB = new DeploymentRecord("webfarm", "<csdef/>", "<cscfg/>", 3);
    static final DeploymentRecord ELSEWHERE = new DeploymentRecord("other", "<c/>", "<g/>", 1);

    static Assignment at(String deployment, String role, int index, String host, String address) {
        return new Assignment(new InstanceKey(deployment, role, index), host, address, index % 5, "rack-" + host.charAt(5));
    }

    static final List<Assignment> ASSIGNMENTS = List.of(
            at("webfarm", "WebRole", 1, "host-2", "10.213.2.10"),
            at("webfarm", "WebRole", 0, "host-1", "10.213.1.10"),
            at("webfarm", "WorkerRole", 0, "host-3", "10.213.3.10"),
            at("other", "Role", 0, "host-3", "10.213.3.11"));

    @Test
    void aHostGetsItsInstancesTheirPeersAndTheOtherHosts() {
        DesiredState s = DesiredStateComposer.compose("host-1", 42, List.of(WEB, ELSEWHERE), ASSIGNMENTS, HOSTS);

        assertThat(s.getGeneration()).isEqualTo(42);
        assertThat(s.getDeploymentsList()).singleElement().satisfies(d -> {
            assertThat(d.getName()).isEqualTo("webfarm");
            assertThat(d.getCsdef()).isEqualTo("<csdef/>");
            assertThat(d.getInstancesList()).extracting(i -> i.getRole() + "." + i.getIndex() + "@" + i.getAddress() + " ud" + i.getUpdateDomain())
                    .containsExactly("WebRole.0@10.213.1.10 ud0");
            assertThat(d.getPeersList()).extracting(p -> p.getRole() + "." + p.getIndex() + "@" + p.getHost())
                    .containsExactly("WebRole.1@host-2", "WorkerRole.0@host-3");
        });
        assertThat(s.getRoutesList()).extracting(r -> r.getSubnet() + " via " + r.getVia())
                .containsExactly("10.213.2.0/24 via 10.214.0.12", "10.213.3.0/24 via 10.214.0.13");
        assertThat(s.getPeersList()).extracting(p -> p.getName()).containsExactly("host-2", "host-3");
    }

    @Test
    void aHostWithoutInstancesGetsNoDeploymentsButStillItsRoutesAndPeers() {
        DesiredState s = DesiredStateComposer.compose("host-2", 1, List.of(ELSEWHERE), ASSIGNMENTS, HOSTS);
        assertThat(s.getDeploymentsList()).isEmpty();
        assertThat(s.getRoutesCount()).isEqualTo(2);
    }

    static <T> List<T> reversed(List<T> list) {
        List<T> copy = new java.util.ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    @Test
    void theSameStateInAnyOrderGivesTheSameBytes() {
        byte[] one = DesiredStateComposer.compose("host-3", 7, List.of(WEB, ELSEWHERE), ASSIGNMENTS, HOSTS).toByteArray();
        byte[] two = DesiredStateComposer.compose("host-3", 7, List.of(ELSEWHERE, WEB), reversed(ASSIGNMENTS), reversed(HOSTS)).toByteArray();
        assertThat(two).isEqualTo(one);
    }
}
