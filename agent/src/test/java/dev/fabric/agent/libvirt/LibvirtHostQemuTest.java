package dev.fabric.agent.libvirt;

import dev.fabric.agent.Fixtures;
import dev.fabric.agent.desired.VirtType;
import dev.fabric.agent.execute.AgentMemory;
import dev.fabric.agent.execute.ExecutionResult;
import dev.fabric.agent.execute.HostObserver;
import dev.fabric.agent.execute.PlanExecutor;
import dev.fabric.agent.execute.VolumeExecutor;
import dev.fabric.agent.reconcile.Action;
import dev.fabric.agent.reconcile.BackoffPolicy;
import dev.fabric.agent.reconcile.DomainState;
import dev.fabric.agent.reconcile.Health;
import dev.fabric.agent.reconcile.ObservedHost;
import dev.fabric.agent.reconcile.Plan;
import dev.fabric.agent.reconcile.Reconciler;
import dev.fabric.agent.reconcile.TargetHost;
import dev.fabric.agent.reconcile.TargetHostBuilder;
import dev.fabric.agent.reconcile.VolumeNames;
import dev.fabric.agent.spec.InstanceSpec;
import dev.fabric.servicedef.model.Role;
import dev.fabric.servicedef.model.RoleKind;
import dev.fabric.servicedef.model.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A Fabric domain on a real libvirtd with QEMU (TCG): the probe kernel stands in for the guest
 * (it boots in well under a second and then halts), and the NIC is left out so the test touches no
 * bridge or tap. QEMU is killed with SIGKILL; the agent's layer must notice at once and restart it.
 * Skipped when no libvirtd answers at qemu:///system.
 */
class LibvirtHostQemuTest {
    private static final String URI = "qemu:///system";

    @TempDir
    Path tmp;

    @Test
    void aKilledGuestIsReportedAsCrashedAtOnceAndRestarted() throws Exception {
        assumeTrue(Files.exists(Path.of("/run/libvirt/libvirt-sock")), "no libvirtd socket");
        LibvirtHost host;
        try {
            host = LibvirtHost.open(URI);
        } catch (LibvirtOperationException e) {
            assumeTrue(false, "libvirtd does not answer: " + e.getMessage());
            return;
        }
        Role probe = new Role("Probe", RoleKind.WORKER, Fixtures.SMALL, 1, List.of(), Map.of());
        String deployment = "qemutest" + ProcessHandle.current().pid();
        TargetHost target = new TargetHostBuilder().build(
                Fixtures.desired("tiny", new Service(deployment, "6", 1, List.of(probe))), List.of());
        InstanceSpec spec = target.instances().get(0).spec();
        String name = spec.domainName();
        Path kernel = Files.write(tmp.resolve("probe.bin"), ProbeKernel.image());
        Path initrd = Files.writeString(tmp.resolve("initrd"), "unused");
        Path drive = Files.write(tmp.resolve("cidata.img"), new byte[1 << 20]);
        Path console = tmp.resolve("console.log");
        BlockingQueue<InstanceEvent> events = new LinkedBlockingQueue<>();
        host.addListener(events::add);
        AgentMemory memory = new AgentMemory();
        PlanExecutor executor = new PlanExecutor(host,
                s -> new DomainInputs(s, VirtType.QEMU, "unused", new BootSource.Kernel(kernel, initrd, "quiet"), drive, console),
                fw -> {
                    throw new AssertionError("no firewall change expected");
                }, new NoVolumes(), memory, Clock.systemUTC());
        try {
            String xml = new DomainXmlBuilder().build(new DomainInputs(spec, VirtType.QEMU, "unused",
                    new BootSource.Kernel(kernel, initrd, "quiet"), drive, console));
            host.define(xml.replaceAll("(?s)<interface .*?</interface>", ""));
            host.start(name);
            awaitMarker(console);
            int firstId = host.domain(name).orElseThrow().id();

            long pid = Long.parseLong(Files.readString(Path.of("/run/libvirt/qemu/" + name + ".pid")).trim());
            new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();

            InstanceEvent crash = await(events, InstanceEvent.Kind.CRASHED, name);
            assertThat(crash.id()).isEqualTo(spec.id());
            assertThat(crash.detail()).contains("STOPPED");
            assertThat(host.domain(name).orElseThrow().state()).isEqualTo(DomainState.CRASHED);

            // The reconciler and executor bring it back (the firewall is taken as applied: not this test's concern).
            ObservedHost observed = HostObserver.observe(
                    host.domains().stream().filter(d -> d.name().equals(name)).toList(),
                    Set.of(VolumeNames.configDrive(name)), memory, id -> Health.UNKNOWN);
            observed = new ObservedHost(observed.domains(), observed.volumes(), Optional.of(target.firewall()), observed.failures());
            Plan plan = new Reconciler(BackoffPolicy.DEFAULT).plan(target, observed, Instant.now());
            assertThat(plan.actions()).singleElement().isInstanceOf(Action.RestartDomain.class);
            ExecutionResult r = executor.execute(plan);
            assertThat(r.failure()).isEmpty();

            await(events, InstanceEvent.Kind.STARTED, name);
            LibvirtDomain back = host.domain(name).orElseThrow();
            assertThat(back.state()).isEqualTo(DomainState.RUNNING);
            assertThat(back.id()).isNotEqualTo(firstId);
            assertThat(memory.failures().get(spec.id()).restarts()).isEqualTo(1);
        } finally {
            host.destroy(name);
            host.undefine(name);
            host.close();
        }
    }

    private static void awaitMarker(Path console) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(console) && Files.readString(console, StandardCharsets.ISO_8859_1).contains(ProbeKernel.MARKER)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the guest printed nothing on its console within 60 s");
    }

    private static InstanceEvent await(BlockingQueue<InstanceEvent> events, InstanceEvent.Kind kind, String domain)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            InstanceEvent e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e != null && e.kind() == kind && e.domain().equals(domain)) {
                return e;
            }
        }
        throw new AssertionError("no " + kind + " event for " + domain + " within 60 s");
    }

    private static final class NoVolumes implements VolumeExecutor {
        @Override
        public Path createOverlay(Action.CreateOverlay action) {
            throw new AssertionError("no overlay expected: " + action);
        }

        @Override
        public Path createConfigDrive(Action.CreateConfigDrive action) {
            throw new AssertionError("no config drive expected: " + action);
        }

        @Override
        public void deleteVolumes(Action.DeleteVolumes action) {
            throw new AssertionError("no deletion expected: " + action);
        }
    }
}
