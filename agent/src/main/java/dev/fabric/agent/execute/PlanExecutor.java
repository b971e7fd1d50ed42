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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a reconciler plan in order and stops at the first failure; consecutive domain starts run
 * concurrently. Domain actions go to
 * {@link LibvirtHost}; the firewall and volumes to their own implementations. Restarts and failed
 * starts are recorded in {@link AgentMemory} so the reconciler spaces the next attempt out.
 */
public final class PlanExecutor {
    /** Domain starts run at once at most (each is mostly libvirt and QEMU setting up, not CPU). */
    static final int MAX_PARALLEL = 8;

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
        List<Action> actions = plan.actions();
        for (int i = 0; i < actions.size(); ) {
            int end = i + 1;
            while (end < actions.size() && together(actions.get(i), actions.get(end))) {
                end++;
            }
            if (end - i > 1) {
                Optional<ExecutionResult.Failure> failed = runTogether(actions.subList(i, end), done);
                if (failed.isPresent()) {
                    return new ExecutionResult(done, failed);
                }
                i = end;
                continue;
            }
            Action action = actions.get(i);
            try {
                run(action);
            } catch (RuntimeException e) {
                return new ExecutionResult(done, Optional.of(new ExecutionResult.Failure(action,
                        describe(action) + " failed: " + e.getMessage())));
            }
            done.add(action);
            i++;
        }
        return new ExecutionResult(done, Optional.empty());
    }

    /** Starts that follow one another run at once, and so do stops; nothing else does. */
    private static boolean together(Action first, Action next) {
        return first instanceof Action.StartDomain && next instanceof Action.StartDomain
                || first instanceof Action.StopDomain && next instanceof Action.StopDomain;
    }

    /**
     * Starts that follow one another in a plan (defined domains, the firewall already in place) run at
     * the same time: starting a QEMU process takes seconds under TCG, mostly waiting, and the starts
     * do not depend on each other. Stops too: a fenced host must have all its guests off within the
     * controller's fence margin (0660), and each destroy waits 1.5-2.5 s for libvirt's clean-up after
     * QEMU is gone (measured in the lab, 0691), so one after another the third guest would still run
     * when its copy may start elsewhere. All of them are tried; the first failure in plan order is reported.
     */
    private Optional<ExecutionResult.Failure> runTogether(List<Action> batch, List<Action> done) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(batch.size(), MAX_PARALLEL), r -> {
            Thread t = new Thread(r, "fabric-domain-" + (batch.get(0) instanceof Action.StopDomain ? "stop" : "start"));
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Action a : batch) {
                running.add(pool.submit(() -> run(a)));
            }
            Optional<ExecutionResult.Failure> first = Optional.empty();
            for (int k = 0; k < batch.size(); k++) {
                Action a = batch.get(k);
                String why = null;
                try {
                    running.get(k).get();
                } catch (ExecutionException e) {
                    why = e.getCause() == null ? e.toString() : e.getCause().getMessage();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    why = "interrupted while waiting for it";
                }
                if (why == null) {
                    done.add(a);
                } else if (first.isEmpty()) {
                    first = Optional.of(new ExecutionResult.Failure(a, describe(a) + " failed: " + why));
                }
            }
            return first;
        } finally {
            pool.shutdown();
        }
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
