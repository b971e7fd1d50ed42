package dev.fabric.agent.run;

import dev.fabric.agent.desired.DesiredStateException;
import dev.fabric.agent.desired.VirtType;
import dev.fabric.agent.execute.NftHostFirewall;
import dev.fabric.agent.image.DigestMismatchException;
import dev.fabric.agent.image.ImageStore;
import dev.fabric.agent.libvirt.LibvirtDomain;
import dev.fabric.agent.libvirt.LibvirtHost;
import dev.fabric.agent.volume.InstanceVolumes;
import dev.fabric.firewall.apply.FirewallApplier;
import dev.fabric.nativelib.libc.NetnsThread;
import dev.fabric.nativelib.libc.TestNetns;
import dev.fabric.nativelib.nftables.Nftables;
import dev.fabric.servicedef.ServiceDefinitions;
import dev.fabric.servicedef.model.Service;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stand-alone agent end to end on libvirt's test driver: the real store, image store (a kernel
 * pair of made-up bytes, hashed for real), pool, reconciler and executor, and the real host firewall
 * through libnftables inside a throwaway network namespace. The test driver's state is shared per JVM
 * (decision 0511): the deployment name is unique and everything is removed again.
 */
class HostAgentTestDriverTest {
    @TempDir
    Path tmp;

    private final List<String> progress = new ArrayList<>();
    private TestDriverHost host;
    private String name;
    private NetnsThread netns;
    private Nftables nft;
    private LibvirtHost libvirt;
    private AgentSettings settings;
    private ImageStore images;
    private HostAgent agent;

    @BeforeEach
    void setUp() throws Exception {
        host = TestDriverHost.create(tmp, "run");
        name = host.deployment();
        netns = host.netns();
        nft = netns.call(Nftables::open);
        settings = host.settings(1024);
        images = host.registerImage();
        libvirt = LibvirtHost.open(settings.host().libvirtUri());
        InstanceVolumes volumes = InstanceVolumes.open(libvirt.connection(), settings.pool());
        agent = new HostAgent(settings, libvirt, volumes, images, new NftHostFirewall(new FirewallApplier(nft)),
                HealthSource.LIBVIRT_STATE_ONLY, VirtType.QEMU, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            libvirt.close();
        } finally {
            nft.close();
            host.close();
        }
    }

    private static Service webfarm() {
        return ServiceDefinitions.load(DeploymentStoreTest.WEBFARM.resolve("ServiceDefinition.csdef"),
                DeploymentStoreTest.WEBFARM.resolve("ServiceConfiguration.cscfg")).service().orElseThrow();
    }

    private boolean apply() throws Exception {
        agent.check(name, webfarm());
        return agent.store().put(name, DeploymentStoreTest.csdef(DeploymentStoreTest.WEBFARM),
                DeploymentStoreTest.cscfg(DeploymentStoreTest.WEBFARM));
    }

    private ConvergenceWaiter.Result converge() throws InterruptedException {
        return new ConvergenceWaiter(agent, Clock.systemUTC(), progress::add).reconcile(name, Duration.ofSeconds(60));
    }

    private Map<String, Integer> domainIds() {
        return agent.domains(name).stream().collect(Collectors.toMap(LibvirtDomain::name, LibvirtDomain::id));
    }

    private List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void applyStatusApplyAgainAndRemove() throws Exception {
        assertThat(apply()).isTrue();
        ConvergenceWaiter.Result first = converge();

        assertThat(first.outcome()).isEqualTo(ConvergenceWaiter.Outcome.CONVERGED);
        assertThat(progress).anySatisfy(l -> assertThat(l).contains(name + ".WebRole.0").contains("10.213.0.10").endsWith("running"));
        assertThat(nft.run("list ruleset")).contains("table inet fabric").contains("10.213.0.10").contains("10.213.0.12");
        assertThat(files(settings.pool().path())).containsExactly("fabric." + name + ".WebRole.0.cidata.img",
                "fabric." + name + ".WebRole.1.cidata.img", "fabric." + name + ".WorkerRole.0.cidata.img");

        HostStatus status = HostStatus.collect(agent.store().names(), libvirt.domains(), agent.lastHealth(),
                agent.restartHistories());
        HostStatus.Deployment d = status.deployments().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        assertThat(d.stored()).isTrue();
        assertThat(d.instances()).extracting(HostStatus.Instance::address).containsExactly("10.213.0.10", "10.213.0.11", "10.213.0.12");
        assertThat(d.instances()).allSatisfy(i -> {
            assertThat(i.state()).isEqualTo("running");
            assertThat(i.restarts()).isZero();
            assertThat(i.health()).isEqualTo("unknown");
        });
        assertThat(d.instances().get(0).endpoints()).isNotEmpty().allSatisfy(e -> assertThat(e.text()).contains("input tcp"));

        Map<String, Integer> ids = domainIds();
        assertThat(apply()).as("the same definition again changes no stored file").isFalse();
        PassResult again = agent.pass();
        assertThat(again.idle()).as("and plans nothing: " + again.plan()).isTrue();
        assertThat(domainIds()).isEqualTo(ids);

        // a guest stopped behind the agent's back is restarted and counted
        String web0 = "fabric." + name + ".WebRole.0";
        host.destroyBehindTheAgentsBack(web0);
        assertThat(converge().outcome()).isEqualTo(ConvergenceWaiter.Outcome.CONVERGED);
        assertThat(agent.restartHistories()).hasSize(1).allSatisfy((id, h) -> {
            assertThat(id.text()).isEqualTo(name + ".WebRole.0");
            assertThat(h.restarts()).isEqualTo(1);
        });

        assertThat(agent.store().remove(name)).isTrue();
        assertThat(converge().outcome()).isEqualTo(ConvergenceWaiter.Outcome.CONVERGED);
        assertThat(agent.domains(name)).isEmpty();
        assertThat(files(settings.pool().path())).isEmpty();
        assertThat(files(settings.deploymentsDir())).isEmpty();
        assertThat(nft.run("list ruleset")).contains("table inet fabric").doesNotContain("10.213.0.10");
        assertThat(libvirt.domain("test")).as("the test driver's own domain is untouched").isPresent();
    }

    private HostAgent nextAgentProcess() {
        return new HostAgent(settings, libvirt, InstanceVolumes.open(libvirt.connection(), settings.pool()), images,
                new NftHostFirewall(new FirewallApplier(nft)), HealthSource.LIBVIRT_STATE_ONLY, VirtType.QEMU, Clock.systemUTC());
    }

    @Test
    void restartCountsAndTheLastFailureSurviveAnAgentRestartAndBackoffGoesOn() throws Exception {
        assertThat(apply()).isTrue();
        assertThat(converge().outcome()).isEqualTo(ConvergenceWaiter.Outcome.CONVERGED);
        String web0 = "fabric." + name + ".WebRole.0";
        host.destroyBehindTheAgentsBack(web0);
        assertThat(converge().outcome()).isEqualTo(ConvergenceWaiter.Outcome.CONVERGED);
        dev.fabric.agent.reconcile.FailureHistory first = agent.memory().failures().values().iterator().next();
        assertThat(first.restarts()).isEqualTo(1);

        // a new agent process on the same state directory: its first pass takes over the recorded history
        agent = nextAgentProcess();
        assertThat(agent.memory().failures()).isEmpty();
        PassResult adopted = agent.pass();
        assertThat(adopted.plan().actions()).as("re-adopts the guests; only the firewall is applied once (0500)")
                .singleElement().isInstanceOf(dev.fabric.agent.reconcile.Action.ApplyFirewall.class);
        assertThat(adopted.plan().problems()).isEmpty();
        assertThat(agent.memory().failures()).hasSize(1).allSatisfy((id, h) -> {
            assertThat(id.text()).isEqualTo(name + ".WebRole.0");
            assertThat(h).isEqualTo(first);
        });
        HostStatus shown = HostStatus.collect(agent.store().names(), libvirt.domains(), agent.lastHealth(), agent.restartHistories());
        HostStatus.Instance shownWeb0 = shown.deployments().stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow().instances().get(0);
        assertThat(shownWeb0.restarts()).as("what fabric agent status shows after the agent restart").isEqualTo(1);
        assertThat(shownWeb0.lastFailure()).isEqualTo(Optional.of(first.lastReason()));

        // the next failure is the second restart: counted on, and backed off after the first (1 s)
        host.destroyBehindTheAgentsBack(web0);
        assertThat(converge().outcome()).isEqualTo(ConvergenceWaiter.Outcome.CONVERGED);
        dev.fabric.agent.reconcile.FailureHistory second = agent.memory().failures().values().iterator().next();
        assertThat(second.restarts()).isEqualTo(2);
        assertThat(second.lastRestart()).isAfterOrEqualTo(first.lastRestart().plusSeconds(1));
        assertThat(agent.restartHistories().values()).containsExactly(second);

        // a damaged file costs only the histories: the next process warns once and carries on
        Files.writeString(settings.statusFile(), "not\ta status file\n");
        agent = nextAgentProcess();
        PassResult warned = agent.pass();
        assertThat(warned.failed()).isFalse();
        assertThat(warned.plan().problems()).singleElement().asString()
                .startsWith("restart histories start empty: " + settings.statusFile() + ":1: not a status line");
        assertThat(agent.memory().failures()).isEmpty();
        assertThat(agent.pass().plan().problems()).as("warned on the first pass only").isEmpty();
        assertThat(new InstanceStatusFile(settings.statusFile()).load().health()).as("the file is whole again").hasSize(3);
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for: " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void theRunLoopActsOnStoreChangesAndLifecycleEventsWithoutWaitingForItsTimer() throws Exception {
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>(); // the loop thread appends while asserts iterate
        AgentLock lock = AgentLock.tryAcquire(settings.lockFile()).orElseThrow(); // what "fabric agent run" holds
        AgentLoop loop = new AgentLoop(agent, Duration.ofMinutes(10), Clock.systemUTC(), log::add);
        libvirt.addListener(loop::onEvent);
        Thread thread = new Thread(loop, "agent-loop-test");
        thread.start();
        try (StoreWatcher watcher = StoreWatcher.start(settings.deploymentsDir(), loop::wake)) {
            await("the first pass", () -> loop.passes() >= 1);
            // "fabric agent apply" while the agent runs: another process-like HostAgent stores the deployment
            // and only watches; it must never execute anything (its firewall would fail the test).
            HostAgent applying = new HostAgent(settings, libvirt, InstanceVolumes.open(libvirt.connection(), settings.pool()),
                    images, plan -> {
                        throw new AssertionError("the watching apply must not execute plans");
                    }, HealthSource.LIBVIRT_STATE_ONLY, VirtType.QEMU, Clock.systemUTC());
            applying.check(name, webfarm());
            assertThat(AgentLock.tryAcquire(settings.lockFile())).as("held by the running agent's JVM").isEmpty();
            applying.store().put(name, DeploymentStoreTest.csdef(DeploymentStoreTest.WEBFARM),
                    DeploymentStoreTest.cscfg(DeploymentStoreTest.WEBFARM));
            // no pass would come for 10 minutes without the store watcher
            ConvergenceWaiter.Result watched = new ConvergenceWaiter(applying, Clock.systemUTC(), progress::add)
                    .watch(name, Duration.ofSeconds(30));
            assertThat(watched.outcome()).isEqualTo(ConvergenceWaiter.Outcome.CONVERGED);
            assertThat(progress).anySatisfy(l -> assertThat(l).contains(name + ".WorkerRole.0").endsWith("running"));

            String web0 = "fabric." + name + ".WebRole.0";
            int before = libvirt.domain(web0).orElseThrow().id();
            host.destroyBehindTheAgentsBack(web0);
            await("the crashed guest to be restarted", () -> libvirt.domain(web0).map(d -> d.id() != before
                    && d.state() == dev.fabric.agent.reconcile.DomainState.RUNNING).orElse(false));
            assertThat(log).anySatisfy(l -> assertThat(l).contains("event: " + name + ".WebRole.0 CRASHED"));
            await("the restart to be logged", () -> log.stream().anyMatch(l -> l.startsWith("did: restart " + web0 + " (attempt 1")));
            assertThat(agent.memory().failures()).hasSize(1);
        } finally {
            loop.stop();
            thread.join(TimeUnit.SECONDS.toMillis(30));
            lock.close();
        }
        assertThat(thread.isAlive()).as("the loop ends on stop").isFalse();
        Map<String, Integer> ids = domainIds();
        assertThat(ids).hasSize(3).allSatisfy((n, id) -> assertThat(id).as("running after the agent stopped").isPositive());
    }

    /**
     * The real health monitor in the run loop. The test driver runs no guests, so the instances' addresses
     * (10.213.0.10 and .11 by the sample placement) are put on the loopback of a namespace this test makes,
     * and the agent probes from there exactly as with {@code health.namespace} set: only the first address
     * has a listener on the probed port.
     */
    @Test
    void anInstanceFailingItsProbeIsRestartedAsUnhealthyAndOneThatAnswersStaysHealthy() throws Exception {
        String hlNs = TestDriverHost.NAMESPACE_PREFIX + "hl-" + ProcessHandle.current().pid();
        TestNetns.ip(false, "netns", "del", hlNs);
        TestNetns.ip(true, "netns", "add", hlNs);
        Path def = Files.createDirectories(tmp.resolve("probed"));
        Files.writeString(def.resolve("ServiceDefinition.csdef"), """
                <?xml version="1.0" encoding="utf-8"?>
                <ServiceDefinition name="probed" xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition">
                  <LoadBalancerProbes>
                    <LoadBalancerProbe name="Alive" protocol="tcp" port="8080" intervalInSeconds="5" timeoutInSeconds="11"/>
                  </LoadBalancerProbes>
                  <WorkerRole name="Web" vmsize="Small">
                    <Endpoints>
                      <InputEndpoint name="In" protocol="tcp" port="80" localPort="8080" loadBalancerProbe="Alive"/>
                    </Endpoints>
                  </WorkerRole>
                </ServiceDefinition>
                """);
        Files.writeString(def.resolve("ServiceConfiguration.cscfg"), """
                <?xml version="1.0" encoding="utf-8"?>
                <ServiceConfiguration serviceName="probed" xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceConfiguration">
                  <Role name="Web"><Instances count="2"/></Role>
                </ServiceConfiguration>
                """);
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>(); // the loop thread appends while asserts iterate
        HealthProbing health = null;
        java.net.ServerSocket server = null;
        AgentLoop loop = null;
        Thread thread = null;
        try (NetnsThread hl = NetnsThread.join(hlNs)) {
            TestNetns.ip(true, "-n", hlNs, "link", "set", "lo", "up");
            TestNetns.ip(true, "-n", hlNs, "addr", "add", "10.213.0.10/32", "dev", "lo");
            TestNetns.ip(true, "-n", hlNs, "addr", "add", "10.213.0.11/32", "dev", "lo");
            server = hl.call(() -> new java.net.ServerSocket(8080, 50, java.net.InetAddress.getByName("10.213.0.10")));
            java.net.ServerSocket listening = server;
            Thread acceptor = new Thread(() -> {
                while (!listening.isClosed()) {
                    try (java.net.Socket ignored = listening.accept()) {
                        // a connect is all a tcp probe needs
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "probe-listener");
            acceptor.setDaemon(true);
            acceptor.start();

            health = HealthProbing.start(Optional.of(hlNs),
                    new dev.fabric.agent.health.HealthSettings(Duration.ZERO, 2, Duration.ofSeconds(2)), Clock.systemUTC());
            HostAgent probing = new HostAgent(settings, libvirt, InstanceVolumes.open(libvirt.connection(), settings.pool()),
                    images, new NftHostFirewall(new FirewallApplier(nft)), health.source(), VirtType.QEMU, Clock.systemUTC());
            // a 10-minute tick: after the deployment is in place only a health change can start the restart's pass
            loop = new AgentLoop(probing, Duration.ofMinutes(10), Clock.systemUTC(), log::add);
            health.addListener((id, h) -> {
                log.add("health: " + id + " " + h.status());
            });
            AgentLoop running = loop;
            health.addListener((id, h) -> running.wake());
            thread = new Thread(loop, "agent-loop-health-test");
            thread.start();

            Service service = ServiceDefinitions.load(def.resolve("ServiceDefinition.csdef"),
                    def.resolve("ServiceConfiguration.cscfg")).service().orElseThrow();
            probing.check(name, service);
            probing.store().put(name, Files.readAllBytes(def.resolve("ServiceDefinition.csdef")),
                    Files.readAllBytes(def.resolve("ServiceConfiguration.cscfg")));
            loop.wake();

            String web0 = name + ".Web.0";
            String web1 = name + ".Web.1";
            await("the silent instance to be restarted as unhealthy", () -> probing.memory().failures().entrySet().stream()
                    .anyMatch(e -> e.getKey().text().equals(web1) && e.getValue().restarts() >= 1));
            var history = probing.memory().failures().entrySet().stream().filter(e -> e.getKey().text().equals(web1))
                    .findFirst().orElseThrow().getValue();
            assertThat(history.lastReason()).startsWith("unhealthy: tcp 8080: connection refused 3 times since ");
            // the loop logs a pass's actions after the pass, so the line may come a moment after the memory has the restart
            await("the restart to be logged", () -> log.stream()
                    .anyMatch(l -> l.startsWith("did: restart fabric." + web1 + " (attempt 1, unhealthy: tcp 8080")));
            assertThat(log).anySatisfy(l -> assertThat(l).isEqualTo("health: " + web0 + " HEALTHY"));
            assertThat(probing.memory().failures().keySet()).extracting(dev.fabric.agent.desired.InstanceId::text)
                    .as("the answering instance is never restarted").doesNotContain(web0);

            // what "fabric agent status" shows from another process: the status file the loop writes
            await("a pass to record the verdicts", () -> probing.lastHealth().entrySet().stream()
                    .anyMatch(e -> e.getKey().text().equals(web0) && e.getValue().status() == dev.fabric.agent.reconcile.Health.Status.HEALTHY));
            HostStatus status = HostStatus.collect(probing.store().names(), libvirt.domains(),
                    new InstanceStatusFile(settings.statusFile()).readHealth(), new InstanceStatusFile(settings.statusFile()).read());
            List<HostStatus.Instance> instances = status.deployments().stream().filter(d -> d.name().equals(name))
                    .findFirst().orElseThrow().instances();
            assertThat(instances.get(0).health()).isEqualTo("healthy");
            assertThat(instances.get(0).restarts()).isZero();
            assertThat(instances.get(1).restarts()).isPositive();
            assertThat(instances.get(1).lastFailure()).hasValueSatisfying(f -> assertThat(f).startsWith("unhealthy: tcp 8080"));
        } finally {
            if (loop != null) {
                loop.stop();
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
            if (health != null) {
                health.close();
            }
            if (server != null) {
                server.close();
            }
            TestNetns.ip(false, "netns", "del", hlNs);
        }
        assertThat(thread.isAlive()).as("the loop ends on stop").isFalse();
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsStoredOrCreated() throws Exception {
        Service webfarm = webfarm();
        Service big = new Service(webfarm.name(), webfarm.osFamily(), webfarm.upgradeDomainCount(),
                webfarm.roles().stream().map(r -> new dev.fabric.servicedef.model.Role(r.name(), r.kind(), r.size(), 20,
                        r.endpoints(), r.settings())).toList());
        assertThatThrownBy(() -> agent.check(name, big)).isInstanceOf(DesiredStateException.class)
                .hasMessageContaining("MiB").hasMessageContaining("more than the 1024 MiB");

        Path blob = images.verify("tiny") instanceof dev.fabric.agent.image.VerifiedImage.Kernel k ? k.kernel() : null;
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(blob, "tampered");
        assertThatThrownBy(() -> agent.check(name, webfarm)).isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("tiny");

        assertThat(files(settings.deploymentsDir())).isEmpty();
        assertThat(agent.domains(name)).isEmpty();
        assertThat(nft.run("list ruleset")).doesNotContain("table inet fabric");
    }
}
