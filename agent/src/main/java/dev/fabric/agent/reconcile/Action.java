package dev.fabric.agent.reconcile;

import dev.fabric.agent.configdrive.ConfigDrive;
import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.spec.InstanceSpec;

import java.time.Duration;
import java.util.List;

/**
 * One step the I/O layer executes. Plans are ordered; the executor runs them in order and stops at
 * the first failure (the next reconcile plans again from what it then observes).
 */
public sealed interface Action permits Action.ApplyFirewall, Action.StopDomain, Action.UndefineDomain,
        Action.DeleteVolumes, Action.CreateOverlay, Action.CreateConfigDrive, Action.DefineDomain,
        Action.StartDomain, Action.RestartDomain {

    /** Replace the host's whole ruleset in one atomic transaction. */
    record ApplyFirewall(FirewallPlan plan) implements Action {
    }

    /** Power off (destroy) a running domain. */
    record StopDomain(String domain, String reason) implements Action {
    }

    record UndefineDomain(String domain) implements Action {
    }

    /** Delete these volumes from the instance pool (names, see {@link VolumeNames}). */
    record DeleteVolumes(List<String> volumes) implements Action {
        public DeleteVolumes {
            volumes = List.copyOf(volumes);
        }
    }

    /** A copy-on-write qcow2 overlay backed by the instance's base image (the base is never written). */
    record CreateOverlay(InstanceId id, String volume, dev.fabric.agent.desired.ImageRef image) implements Action {
    }

    /** The instance's cidata volume with these files. */
    record CreateConfigDrive(InstanceId id, String volume, ConfigDrive drive) implements Action {
    }

    /** Define the domain from the spec (the executor builds its XML with DomainXmlBuilder). */
    record DefineDomain(InstanceSpec spec) implements Action {
    }

    /** Start a defined domain; a start that fails is recorded as a failure like a restart, so retries back off. */
    record StartDomain(String domain) implements Action {
    }

    /**
     * Stop (if running) and start again an instance that failed. {@code attempt} counts restarts
     * since it was last healthy; {@code backoff} is the wait that preceded this attempt. The executor
     * records it with {@link FailureHistory#afterRestart} (also when the start fails), which is what
     * spaces the next attempt out.
     */
    record RestartDomain(InstanceId id, String domain, String reason, int attempt, Duration backoff) implements Action {
    }
}
