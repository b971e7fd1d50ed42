package dev.fabric.agent.run;

import dev.fabric.agent.desired.VirtType;
import dev.fabric.agent.execute.NftHostFirewall;
import dev.fabric.agent.fence.FenceDecision;
import dev.fabric.agent.image.ImageStore;
import dev.fabric.agent.libvirt.LibvirtDomain;
import dev.fabric.agent.libvirt.LibvirtHost;
import dev.fabric.agent.managed.ManagedState;
import dev.fabric.agent.reconcile.Action;
import dev.fabric.agent.reconcile.DomainState;
import dev.fabric.agent.volume.InstanceVolumes;
import dev.fabric.firewall.apply.FirewallApplier;
import dev.fabric.nativelib.libc.NetnsThread;
import dev.fabric.nativelib.nftables.Nftables;
import dev.fabric.protocol.v1.DeploymentAssignment;
import dev.fabric.protocol.v1.DesiredState;
import dev.fabric.protocol.v1.InstanceAssignment;
import dev.fabric.protocol.v1.PeerInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent run by a controller, on libvirt's test driver with the real firewall in a throwaway
 * namespace: it runs only the instances assigned to it, at the controller's addresses, admits peers on
 * other hosts to internal endpoints, and while fenced only powers its domains off.
 */
class ManagedHostAgentTest {
    @TempDir
    Path tmp;

    private TestDriverHost host;
    private String name;
    private Nftables nft;
    private LibvirtHost libvirt;
    private ManagedState managed;
    private HostAgent agent;
    private final AtomicReference<FenceDecision> fence = new AtomicReference<>(new FenceDecision(false, "lease valid"));

    @BeforeEach
    void setUp() throws Exception {
        host = TestDriverHost.create(tmp, "managed");
        name = host.deployment();
        NetnsThread netns = host.netns();
        nft = netns.call(Nftables::open);
        AgentSettings settings = host.settings(1024);
        ImageStore images = host.registerImage();
        libvirt = LibvirtHost.open(settings.host().libvirtUri());
        managed = new ManagedState(tmp.resolve("managed"));
        managed.load();
        agent = new HostAgent(settings, libvirt, InstanceVolumes.open(libvirt.connection(), settings.pool()), images,
                new NftHostFirewall(new FirewallApplier(nft)), HealthSource.LIBVIRT_STATE_ONLY, VirtType.QEMU,
                Clock.systemUTC(), managed);
        agent.fenceWith(fence::get);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            managed.accept(DesiredState.newBuilder().setGeneration(99).build());
            settle();
            libvirt.close();
        } finally {
            nft.close();
            host.close();
        }
    }

    private DesiredState assigned(long generation) throws Exception {
        return DesiredState.newBuilder().setGeneration(generation).addDeployments(DeploymentAssignment.newBuilder()
                .setName(name)
                .setCsdef(new String(DeploymentStoreTest.csdef(DeploymentStoreTest.WEBFARM), StandardCharsets.UTF_8))
                .setCscfg(new String(DeploymentStoreTest.cscfg(DeploymentStoreTest.WEBFARM), StandardCharsets.UTF_8))
                .addInstances(InstanceAssignment.newBuilder().setRole("WebRole").setIndex(1).setAddress("10.213.0.15"))
                .addInstances(InstanceAssignment.newBuilder().setRole("WorkerRole").setIndex(0).setAddress("10.213.0.10"))
                .addPeers(PeerInstance.newBuilder().setRole("WebRole").setIndex(0).setAddress("10.213.2.10").setHost("host-2")))
                .build();
    }

    /** The controller assigns this host WebRole.1 and WorkerRole.0, and passes run until both run. */
    private void runAssignment() throws Exception {
        assertThat(managed.accept(assigned(1))).isTrue();
        settle();
        web1 = "fabric." + name + ".WebRole.1";
        worker0 = "fabric." + name + ".WorkerRole.0";
    }

    private String web1;
    private String worker0;

    /** Passes until one plans nothing (level-triggered, as the run loop does). */
    private PassResult settle() {
        for (int i = 0; i < 20; i++) {
            PassResult r = agent.pass();
            assertThat(r.failure()).as("pass %d", i).isEmpty();
            if (r.idle()) {
                return r;
            }
        }
        throw new AssertionError("no idle pass after 20");
    }

    private Map<String, DomainState> domains() {
        return agent.domains(name).stream().collect(Collectors.toMap(LibvirtDomain::name, LibvirtDomain::state));
    }

    @Test
    void runsOnlyItsAssignmentAtTheControllersAddressesAndFencesByPoweringOff() throws Exception {
        runAssignment();
        assertThat(domains()).isEqualTo(Map.of(web1, DomainState.RUNNING, worker0, DomainState.RUNNING));
        assertThat(agent.domains(name)).extracting(d -> d.spec().orElseThrow().network().address().toString())
                .containsExactlyInAnyOrder("10.213.0.15", "10.213.0.10");
        String rules = nft.run("list ruleset");
        assertThat(rules).contains("10.213.0.15").contains("10.213.2.10").doesNotContain("10.213.0.11");

        fence.set(new FenceDecision(true, "lease expired at T and 0 of 2 other hosts reachable: no majority"));
        PassResult fenced = agent.pass();
        assertThat(fenced.plan().actions()).hasSize(2).allSatisfy(a -> assertThat(a).isInstanceOf(Action.StopDomain.class)
                .extracting(x -> ((Action.StopDomain) x).reason()).asString().startsWith("fenced: lease expired"));
        assertThat(domains()).isEqualTo(Map.of(web1, DomainState.SHUT_OFF, worker0, DomainState.SHUT_OFF));
        assertThat(agent.pass().idle()).as("a fenced host restarts nothing").isTrue();
        assertThat(nft.run("list ruleset")).as("and leaves the firewall as it was").isEqualTo(rules);

        fence.set(new FenceDecision(false, "lease renewed"));
        settle();
        assertThat(domains()).isEqualTo(Map.of(web1, DomainState.RUNNING, worker0, DomainState.RUNNING));

        // the controller moved everything away while this host was gone: the next push removes it all
        managed.accept(DesiredState.newBuilder().setGeneration(2).build());
        settle();
        assertThat(domains()).isEmpty();
        assertThat(nft.run("list ruleset")).doesNotContain("10.213.0.15").doesNotContain("10.213.2.10");
    }

    @Test
    void aHostBackFromAPowerLossStartsNothingBeforeTheControllersStateArrives() throws Exception {
        runAssignment();
        libvirt.destroy(web1); // the power went: the guests are gone, the stored state is not
        libvirt.destroy(worker0);

        fence.set(new FenceDecision(false, "no lease since the agent started, but 2 of 2 other hosts reachable: a majority;"
                + " starting nothing until the controller's desired state arrives", false));
        PassResult held = agent.pass();
        assertThat(held.plan().actions()).noneMatch(a -> a instanceof Action.StartDomain || a instanceof Action.RestartDomain);
        assertThat(held.plan().problems()).anySatisfy(p -> assertThat(p).startsWith("not starting " + web1)
                .endsWith("starting nothing until the controller's desired state arrives"));
        assertThat(domains()).isEqualTo(Map.of(web1, DomainState.SHUT_OFF, worker0, DomainState.SHUT_OFF));

        fence.set(new FenceDecision(false, "lease valid", true));
        settle();
        assertThat(domains()).isEqualTo(Map.of(web1, DomainState.RUNNING, worker0, DomainState.RUNNING));
    }
}
