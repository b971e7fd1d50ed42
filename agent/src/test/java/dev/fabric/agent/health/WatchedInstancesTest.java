package dev.fabric.agent.health;

import dev.fabric.agent.Fixtures;
import dev.fabric.agent.desired.DesiredHost;
import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.libvirt.LibvirtDomain;
import dev.fabric.agent.reconcile.DomainState;
import dev.fabric.agent.reconcile.InstanceTarget;
import dev.fabric.agent.reconcile.TargetHost;
import dev.fabric.agent.reconcile.TargetHostBuilder;
import dev.fabric.agent.spec.InstanceSpec;
import dev.fabric.servicedef.model.HealthProbe;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which guests are probed, at which address, with which probe. */
class WatchedInstancesTest {
    @Test
    void runningFabricGuestsAreWatchedWithTheirRolesProbe() {
        DesiredHost desired = Fixtures.desired("tiny", Fixtures.webfarm(2));
        TargetHost target = new TargetHostBuilder().build(desired, List.of());
        List<LibvirtDomain> domains = new ArrayList<>();
        int id = 1;
        for (InstanceTarget t : target.instances()) {
            InstanceSpec spec = t.spec();
            boolean down = spec.id().index() == 1; // WebRole.1 is shut off
            domains.add(new LibvirtDomain(spec.domainName(), "uuid-" + id, down ? -1 : id, down ? DomainState.SHUT_OFF
                    : DomainState.RUNNING, down ? 5 : 1, 0, Optional.of(spec), Optional.empty()));
            id++;
        }
        domains.add(new LibvirtDomain("someone-elses-vm", "uuid-x", 99, DomainState.RUNNING, 1, 0, Optional.empty(),
                Optional.empty()));

        Map<InstanceId, Optional<HealthProbe>> probes = WatchedInstances.probes(desired.deployments());
        List<WatchedInstance> watched = WatchedInstances.running(domains, probes);

        assertThat(watched).extracting(w -> w.id().text(), WatchedInstance::domainId, w -> w.address().getHostAddress(),
                        w -> w.probe().map(HealthProbe::target).orElse("none"))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("webfarm.WebRole.0", 1, "10.213.0.10", "tcp 8080"),
                        org.assertj.core.groups.Tuple.tuple("webfarm.WorkerRole.0", 3, "10.213.0.12", "tcp 9000"));
    }

    @Test
    void aRunningGuestThatIsNoLongerDesiredIsNotProbed() {
        DesiredHost desired = Fixtures.desired("tiny", Fixtures.webfarm(1));
        TargetHost target = new TargetHostBuilder().build(desired, List.of());
        InstanceSpec spec = target.instances().get(0).spec();
        List<LibvirtDomain> domains = List.of(new LibvirtDomain(spec.domainName(), "u", 4, DomainState.RUNNING, 1, 0,
                Optional.of(spec), Optional.empty()));

        assertThat(WatchedInstances.running(domains, Map.of())).isEmpty();
    }
}
