package dev.fabric.agent.verify;

import dev.fabric.agent.Fixtures;
import dev.fabric.agent.libvirt.LibvirtDomain;
import dev.fabric.agent.reconcile.DomainState;
import dev.fabric.agent.reconcile.InstanceTarget;
import dev.fabric.agent.reconcile.TargetHostBuilder;
import dev.fabric.agent.run.StoredDeployment;
import dev.fabric.agent.spec.InstanceSpec;
import dev.fabric.firewall.placement.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Declared instances from the store, addresses from libvirt's metadata. */
class VerifyTargetsTest {
    @Test
    void everyDeclaredInstanceWithItsAddressOrWithoutADomain() {
        List<InstanceSpec> specs = new TargetHostBuilder().build(Fixtures.desired("tiny", Fixtures.webfarm(2)), List.of())
                .instances().stream().map(InstanceTarget::spec).toList();
        List<LibvirtDomain> domains = new ArrayList<>();
        for (InstanceSpec s : specs) {
            if (s.id().index() == 1) {
                continue; // WebRole.1 has no domain yet
            }
            boolean worker = s.id().role().equals("WorkerRole");
            domains.add(new LibvirtDomain(s.domainName(), "u-" + s.id(), worker ? -1 : 1,
                    worker ? DomainState.SHUT_OFF : DomainState.RUNNING, 1, 0, Optional.of(s), Optional.empty()));
        }
        domains.add(new LibvirtDomain("someone-elses-vm", "x", 7, DomainState.RUNNING, 1, 0, Optional.empty(), Optional.empty()));
        StoredDeployment stored = new StoredDeployment("webfarm", Path.of("a.csdef"), Path.of("a.cscfg"), Fixtures.webfarm(2));

        List<VerifyTarget> targets = VerifyTargets.of(List.of(stored), domains);

        assertThat(targets).extracting(t -> t.id().text(), t -> t.address().map(Ipv4Address::toString).orElse("-"),
                        VerifyTarget::state)
                .containsExactly(tuple("webfarm.WebRole.0", "10.213.0.10", "running"),
                        tuple("webfarm.WebRole.1", "-", "no domain"),
                        tuple("webfarm.WorkerRole.0", "10.213.0.12", "shut off"));
        assertThat(VerifyTargets.takenAddresses(domains)).extracting(Ipv4Address::toString)
                .containsExactly("10.213.0.10", "10.213.0.12");
    }
}
