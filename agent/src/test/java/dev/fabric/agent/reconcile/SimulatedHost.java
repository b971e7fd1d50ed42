package dev.fabric.agent.reconcile;

import dev.fabric.agent.spec.InstanceSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host in memory that executes plans the way the I/O layer will, and checks on every step what
 * libvirt and the fail-closed rule demand: no define over an existing name, no undefine of a running
 * domain, no volume created twice, and no guest started unless the applied firewall is the target's.
 */
final class SimulatedHost {
    private final Map<String, ObservedDomain> domains = new TreeMap<>();
    private final Set<String> volumes = new HashSet<>();
    private Optional<FirewallPlan> firewall = Optional.empty();

    SimulatedHost(ObservedHost initial) {
        initial.domains().forEach(d -> domains.put(d.name(), d));
        volumes.addAll(initial.volumes());
        firewall = initial.firewall();
    }

    ObservedHost observe() {
        return new ObservedHost(new ArrayList<>(domains.values()), volumes, firewall, Map.of());
    }

    /** A restarted agent process forgets which firewall it applied. */
    void forgetFirewall() {
        firewall = Optional.empty();
    }

    void execute(List<Action> actions, TargetHost target) {
        for (Action a : actions) {
            execute(a, target);
        }
    }

    void execute(Action action, TargetHost target) {
        if (action instanceof Action.ApplyFirewall f) {
            firewall = Optional.of(f.plan());
        } else if (action instanceof Action.StopDomain s) {
            ObservedDomain d = existing(s.domain());
            domains.put(d.name(), new ObservedDomain(d.name(), DomainState.SHUT_OFF, d.spec(), Health.UNKNOWN));
        } else if (action instanceof Action.UndefineDomain u) {
            assertThat(existing(u.domain()).state().active()).as("undefine of active " + u.domain()).isFalse();
            domains.remove(u.domain());
        } else if (action instanceof Action.DeleteVolumes d) {
            assertThat(volumes).containsAll(d.volumes());
            d.volumes().forEach(volumes::remove);
        } else if (action instanceof Action.CreateOverlay o) {
            assertThat(volumes.add(o.volume())).as("overlay created twice: " + o.volume()).isTrue();
        } else if (action instanceof Action.CreateConfigDrive c) {
            assertThat(volumes.add(c.volume())).as("config drive created twice: " + c.volume()).isTrue();
        } else if (action instanceof Action.DefineDomain d) {
            InstanceSpec spec = d.spec();
            assertThat(domains).as("define over an existing name").doesNotContainKey(spec.domainName());
            domains.put(spec.domainName(), ObservedDomain.fabric(spec, DomainState.SHUT_OFF, Health.UNKNOWN));
        } else if (action instanceof Action.StartDomain s) {
            start(s.domain(), target);
        } else if (action instanceof Action.RestartDomain r) {
            start(r.domain(), target);
        }
    }

    private void start(String name, TargetHost target) {
        assertThat(firewall).as("fail-closed: " + name + " started before the target firewall was applied")
                .contains(target.firewall());
        ObservedDomain d = existing(name);
        InstanceSpec spec = d.spec().orElseThrow();
        assertThat(volumes).as("volumes of " + name).contains(VolumeNames.configDrive(name));
        if (spec.image().kind() == dev.fabric.agent.desired.ImageRef.Kind.DISK) {
            assertThat(volumes).contains(VolumeNames.overlay(name));
        }
        domains.put(name, ObservedDomain.fabric(spec, DomainState.RUNNING, Health.HEALTHY));
    }

    private ObservedDomain existing(String name) {
        ObservedDomain d = domains.get(name);
        assertThat(d).as("domain " + name).isNotNull();
        return d;
    }
}
