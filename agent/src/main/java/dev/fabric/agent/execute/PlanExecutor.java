package dev.fabric.agent.execute;

import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.libvirt.DomainXmlBuilder;
import dev.fabric.agent.libvirt.LibvirtDomain;
import dev.fabric.agent.libvirt.LibvirtHost;
import dev.fabric.agent.reconcile.Action;
import dev.fabric.agent.reconcile.Plan;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a reconciler plan in order and stops at the first failure. Domain actions go to
 * {@link LibvirtHost}; the firewall and volumes to their own implementations. Restarts and failed
 * starts are recorded in {@link AgentMemory} so the reconciler spaces the next attempt out.
 */
public final class PlanExecutor {
    private final LibvirtHost libvirt;
    private final DomainInputsSource inputs;
    private final HostFirewall firewall;
    private final VolumeExecutor volumes;
    private final AgentMemory memory;
    private final Clock clock;
    private final DomainXmlBuilder xml = new DomainXmlBuilder();

    public PlanExecutor(LibvirtHost libvirt, DomainInputsSource inputs, HostFirewall firewall, VolumeExecutor volumes,
                        AgentMemory memory, Clock clock) {
        this.libvirt = libvirt;
        this.inputs = inputs;
        this.firewall = firewall;
        this.volumes = volumes;
        this.memory = memory;
        this.clock = clock;
    }

    public ExecutionResult execute(Plan plan) {
        List<Action> done = new ArrayList<>();
        for (Action action : plan.actions()) {
            try {
                run(action);
            } catch (RuntimeException e) {
                return new ExecutionResult(done, Optional.of(new ExecutionResult.Failure(action,
                        describe(action) + " failed: " + e.getMessage())));
            }
            done.add(action);
        }
        return new ExecutionResult(done, Optional.empty());
    }

    private void run(Action action) {
        if (action instanceof Action.ApplyFirewall a) {
            memory.firewallUnknown();
            firewall.apply(a.plan());
            memory.firewallApplied(a.plan());
        } else if (action instanceof Action.StopDomain a) {
            libvirt.destroy(a.domain());
        } else if (action instanceof Action.UndefineDomain a) {
            libvirt.undefine(a.domain());
        } else if (action instanceof Action.DeleteVolumes a) {
            volumes.deleteVolumes(a);
        } else if (action instanceof Action.CreateOverlay a) {
            volumes.createOverlay(a);
        } else if (action instanceof Action.CreateConfigDrive a) {
            volumes.createConfigDrive(a);
        } else if (action instanceof Action.DefineDomain a) {
            libvirt.define(xml.build(inputs.forSpec(a.spec())));
        } else if (action instanceof Action.StartDomain a) {
            start(a.domain());
        } else if (action instanceof Action.RestartDomain a) {
            // Recorded before trying: a restart that fails still counts, which is what backs the next one off.
            memory.restarted(a.id(), clock.instant(), a.reason());
            libvirt.destroy(a.domain());
            libvirt.start(a.domain());
        } else {
            throw new IllegalStateException("no executor for " + action);
        }
    }

    private void start(String domain) {
        try {
            libvirt.start(domain);
        } catch (RuntimeException e) {
            instance(domain).ifPresent(id -> memory.restarted(id, clock.instant(), "start failed: " + e.getMessage()));
            throw e;
        }
    }

    private Optional<InstanceId> instance(String domain) {
        try {
            return libvirt.domain(domain).flatMap(LibvirtDomain::spec).map(s -> s.id());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String describe(Action action) {
        if (action instanceof Action.ApplyFirewall) {
            return "applying the host firewall";
        }
        if (action instanceof Action.DefineDomain a) {
            return "defining domain " + a.spec().domainName();
        }
        if (action instanceof Action.StopDomain a) {
            return "stopping domain " + a.domain() + " (" + a.reason() + ")";
        }
        if (action instanceof Action.UndefineDomain a) {
            return "undefining domain " + a.domain();
        }
        if (action instanceof Action.StartDomain a) {
            return "starting domain " + a.domain();
        }
        if (action instanceof Action.RestartDomain a) {
            return "restarting domain " + a.domain() + " (attempt " + a.attempt() + ": " + a.reason() + ")";
        }
        if (action instanceof Action.DeleteVolumes a) {
            return "deleting volumes " + String.join(", ", a.volumes());
        }
        if (action instanceof Action.CreateOverlay a) {
            return "creating overlay " + a.volume();
        }
        Action.CreateConfigDrive a = (Action.CreateConfigDrive) action;
        return "writing config drive " + a.volume();
    }
}
