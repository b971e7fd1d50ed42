package dev.fabric.agent.execute;

import dev.fabric.agent.Fixtures;
import dev.fabric.agent.desired.DesiredHost;
import dev.fabric.agent.desired.VirtType;
import dev.fabric.agent.libvirt.BootSource;
import dev.fabric.agent.libvirt.DomainInputs;
import dev.fabric.agent.libvirt.LibvirtDomain;
import dev.fabric.agent.libvirt.LibvirtHost;
import dev.fabric.agent.reconcile.Action;
import dev.fabric.agent.reconcile.BackoffPolicy;
import dev.fabric.agent.reconcile.DomainState;
import dev.fabric.agent.reconcile.FirewallPlan;
import dev.fabric.agent.reconcile.Health;
import dev.fabric.agent.reconcile.ObservedHost;
import dev.fabric.agent.reconcile.Plan;
import dev.fabric.agent.reconcile.Reconciler;
import dev.fabric.agent.reconcile.TargetHost;
import dev.fabric.agent.reconcile.TargetHostBuilder;
import dev.fabric.agent.spec.InstanceSpec;
import dev.fabric.servicedef.model.Service;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconciler + executor against libvirt's test driver: plans are really executed and the host is
 * observed again from libvirt. Firewall and volumes are recording implementations of their seams
 * (their real implementations are tested in their own packages).
 */
class PlanExecutorTest {
    private static final AtomicInteger RUN = new AtomicInteger();
    private static final Instant NOW = Instant.parse("2026-11-24T03:00:00Z");

    private final List<FirewallPlan> applied = new ArrayList<>();
    private final Set<String> pool = ConcurrentHashMap.newKeySet();
    private final AgentMemory memory = new AgentMemory();
    private final Reconciler reconciler = new Reconciler(BackoffPolicy.DEFAULT);
    private boolean firewallBroken;
    private String deployment;
    private DesiredHost desired;
    private LibvirtHost host;
    private PlanExecutor executor;

    @BeforeEach
    void setUp() {
        deployment = "exec" + ProcessHandle.current().pid() + "-" + RUN.incrementAndGet();
        Service webfarm = Fixtures.webfarm(2);
        desired = Fixtures.desired("tiny", new Service(deployment, webfarm.osFamily(), webfarm.upgradeDomainCount(),
                webfarm.roles()));
        host = LibvirtHost.open("test:///default");
        HostFirewall firewall = plan -> {
            if (firewallBroken) {
                throw new IllegalStateException("nft: Error: Could not process rule");
            }
            applied.add(plan);
        };
        executor = new PlanExecutor(host, PlanExecutorTest::inputs, firewall, new RecordingVolumes(),
                memory, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        for (LibvirtDomain d : ours()) {
            host.destroy(d.name());
            host.undefine(d.name());
        }
        host.close();
    }

    static DomainInputs inputs(InstanceSpec spec) {
        Path dir = Path.of("/var/lib/fabric/test");
        return new DomainInputs(spec, VirtType.QEMU, "fabbr0",
                new BootSource.Kernel(dir.resolve("vmlinuz"), dir.resolve("initrd.gz"), "console=ttyS0"),
                dir.resolve(spec.domainName() + ".cidata.img"), dir.resolve(spec.domainName() + ".log"));
    }

    private final class RecordingVolumes implements VolumeExecutor {
        @Override
        public Path createOverlay(Action.CreateOverlay a) {
            pool.add(a.volume());
            return Path.of("/pool", a.volume());
        }

        @Override
        public Path createConfigDrive(Action.CreateConfigDrive a) {
            pool.add(a.volume());
            return Path.of("/pool", a.volume());
        }

        @Override
        public void deleteVolumes(Action.DeleteVolumes a) {
            a.volumes().forEach(pool::remove);
        }
    }

    /** Our deployment's domains plus foreign ones; other tests' Fabric domains share the test driver's state. */
    private List<LibvirtDomain> visible() {
        return host.domains().stream()
                .filter(d -> d.spec().map(s -> s.id().deployment().equals(deployment)).orElse(true)).toList();
    }

    private List<LibvirtDomain> ours() {
        return host.domains().stream()
                .filter(d -> d.spec().map(s -> s.id().deployment().equals(deployment)).orElse(false)).toList();
    }

    private ObservedHost observe() {
        return HostObserver.observe(visible(), pool, memory, id -> Health.UNKNOWN);
    }

    private Plan plan(DesiredHost want) {
        ObservedHost observed = observe();
        TargetHost target = new TargetHostBuilder().build(want, observed.domains());
        return reconciler.plan(target, observed, NOW);
    }

    private void converge() {
        ExecutionResult r = executor.execute(plan(desired));
        assertThat(r.failure()).isEmpty();
    }

    @Test
    void anEmptyHostConvergesAndTheNextPlanIsEmpty() {
        Plan first = plan(desired);
        ExecutionResult r = executor.execute(first);

        assertThat(r.succeeded()).isTrue();
        assertThat(r.completed()).containsExactlyElementsOf(first.actions());
        assertThat(ours()).hasSize(3).allSatisfy(d -> assertThat(d.state()).isEqualTo(DomainState.RUNNING));
        assertThat(applied).hasSize(1);
        assertThat(pool).hasSize(3);
        assertThat(plan(desired).actions()).isEmpty();
    }

    @Test
    void consecutiveStartsRunTogetherAndOneThatFailsDoesNotKeepTheOthersDown() {
        List<Action> actions = new java.util.ArrayList<>(plan(desired).actions());
        int firstStart = 0;
        while (!(actions.get(firstStart) instanceof Action.StartDomain)) {
            firstStart++;
        }
        Action ghost = new Action.StartDomain("fabric." + deployment + ".Ghost.0"); // never defined
        actions.add(firstStart + 1, ghost);

        ExecutionResult r = executor.execute(new Plan(actions, List.of(), java.util.Optional.empty()));

        assertThat(r.failure()).hasValueSatisfying(f -> {
            assertThat(f.action()).isEqualTo(ghost);
            assertThat(f.message()).startsWith("starting domain fabric." + deployment + ".Ghost.0 failed: ");
        });
        assertThat(r.completed()).doesNotContain(ghost).hasSize(actions.size() - 1);
        assertThat(ours()).hasSize(3).allSatisfy(d -> assertThat(d.state()).isEqualTo(DomainState.RUNNING));
    }

    @Test
    void consecutiveStopsRunTogetherAndOneThatFailsDoesNotKeepTheOthersRunning() {
        converge();
        List<Action> stops = new java.util.ArrayList<>();
        ours().forEach(d -> stops.add(new Action.StopDomain(d.name(), "fenced: lease expired")));
        Action ghost = new Action.StopDomain("fabric." + deployment + ".Ghost.0", "fenced: lease expired"); // never defined
        stops.add(1, ghost);

        ExecutionResult r = executor.execute(new Plan(stops, List.of(), java.util.Optional.empty()));

        assertThat(r.failure()).hasValueSatisfying(f -> assertThat(f.action()).isEqualTo(ghost));
        assertThat(r.completed()).doesNotContain(ghost).hasSize(3);
        assertThat(ours()).as("a fenced host's guests are all off, also those after a failed stop")
                .hasSize(3).allSatisfy(d -> assertThat(d.state()).isEqualTo(DomainState.SHUT_OFF));
    }

    @Test
    void aFirewallThatCannotBeAppliedStopsThePlanBeforeAnyGuestExists() {
        firewallBroken = true;

        ExecutionResult r = executor.execute(plan(desired));

        assertThat(r.completed()).isEmpty();
        assertThat(r.failure()).hasValueSatisfying(f -> {
            assertThat(f.action()).isInstanceOf(Action.ApplyFirewall.class);
            assertThat(f.message()).contains("applying the host firewall failed").contains("Could not process rule");
        });
        assertThat(ours()).isEmpty();
        assertThat(memory.appliedFirewall()).isEmpty();
    }

    @Test
    void aGuestStoppedBehindTheAgentsBackIsRestartedAndTheRestartRemembered() throws Exception {
        converge();
        String web0 = ours().stream().map(LibvirtDomain::name).filter(n -> n.endsWith("WebRole.0")).findFirst().orElseThrow();
        int idBefore = host.domain(web0).orElseThrow().id();
        Connect other = new Connect("test:///default");
        try {
            other.domainLookupByName(web0).destroy();
        } finally {
            other.close();
        }

        Plan plan = plan(desired);
        assertThat(plan.actions()).singleElement().isInstanceOfSatisfying(Action.RestartDomain.class,
                a -> assertThat(a.attempt()).isEqualTo(1));
        assertThat(executor.execute(plan).succeeded()).isTrue();

        LibvirtDomain after = host.domain(web0).orElseThrow();
        assertThat(after.state()).isEqualTo(DomainState.RUNNING);
        assertThat(after.id()).isNotEqualTo(idBefore);
        assertThat(memory.failures()).hasSize(1).allSatisfy((id, h) -> {
            assertThat(id.text()).endsWith("WebRole.0");
            assertThat(h.restarts()).isEqualTo(1);
            assertThat(h.lastRestart()).isEqualTo(NOW);
        });
    }

    @Test
    void removingTheDeploymentLeavesNoDomainAndNoVolume() {
        converge();

        ExecutionResult r = executor.execute(plan(desired.without(deployment)));

        assertThat(r.succeeded()).isTrue();
        assertThat(ours()).isEmpty();
        assertThat(pool).isEmpty();
        assertThat(host.domain("test")).as("the test driver's own domain is untouched").isPresent();
    }
}
