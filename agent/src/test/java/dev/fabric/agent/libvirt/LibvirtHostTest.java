package dev.fabric.agent.libvirt;

import dev.fabric.agent.Fixtures;
import dev.fabric.agent.desired.DesiredHost;
import dev.fabric.agent.reconcile.Action;
import dev.fabric.agent.reconcile.BackoffPolicy;
import dev.fabric.agent.reconcile.DomainState;
import dev.fabric.agent.reconcile.Health;
import dev.fabric.agent.reconcile.InstanceTarget;
import dev.fabric.agent.reconcile.ObservedDomain;
import dev.fabric.agent.reconcile.ObservedHost;
import dev.fabric.agent.reconcile.Plan;
import dev.fabric.agent.reconcile.Reconciler;
import dev.fabric.agent.reconcile.TargetHost;
import dev.fabric.agent.reconcile.TargetHostBuilder;
import dev.fabric.agent.reconcile.VolumeNames;
import dev.fabric.agent.spec.InstanceMetadata;
import dev.fabric.agent.spec.InstanceSpec;
import dev.fabric.servicedef.model.Service;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * LibvirtHost against libvirt's test driver (no daemon). Observed on libvirt 9.0: all
 * {@code test:///default} connections of one process share one driver state, which lives as long as
 * any connection or domain handle does - so every test works on its own deployment name and removes
 * its domains, and a second connection sees the first one's domains (which is what re-adoption needs).
 */
class LibvirtHostTest {
    private static final String URI = "test:///default";
    private static final AtomicInteger RUN = new AtomicInteger();
    private static final long EVENT_TIMEOUT_S = 20;

    private final DomainXmlBuilder xml = new DomainXmlBuilder();
    private final BlockingQueue<InstanceEvent> events = new LinkedBlockingQueue<>();
    private final List<LibvirtHost> opened = new ArrayList<>();
    private String deployment;
    private DesiredHost desired;
    private TargetHost target;
    private LibvirtHost host;

    @BeforeEach
    void setUp() {
        deployment = "lvt" + ProcessHandle.current().pid() + "-" + RUN.incrementAndGet();
        Service webfarm = Fixtures.webfarm(2);
        desired = Fixtures.desired("tiny", new Service(deployment, webfarm.osFamily(), webfarm.upgradeDomainCount(),
                webfarm.roles()));
        target = new TargetHostBuilder().build(desired, List.of());
        host = open();
    }

    @AfterEach
    void removeOurDomains() {
        for (LibvirtDomain d : ours(host.domains())) {
            host.destroy(d.name());
            host.undefine(d.name());
        }
        opened.forEach(LibvirtHost::close);
    }

    private LibvirtHost open() {
        LibvirtHost h = LibvirtHost.open(URI);
        opened.add(h);
        return h;
    }

    private List<LibvirtDomain> ours(List<LibvirtDomain> all) {
        return all.stream().filter(d -> d.spec().map(s -> s.id().deployment().equals(deployment)).orElse(false)).toList();
    }

    private List<InstanceSpec> specs() {
        return target.instances().stream().map(InstanceTarget::spec).toList();
    }

    private void defineAll(LibvirtHost h) {
        for (InstanceSpec s : specs()) {
            h.define(xml.build(DomainXmlBuilderTest.kernelBoot(s)));
        }
    }

    private InstanceEvent nextEvent() throws InterruptedException {
        InstanceEvent e = events.poll(EVENT_TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(e).as("a lifecycle event within " + EVENT_TIMEOUT_S + " s").isNotNull();
        return e;
    }

    /** Skips earlier events (those of the set-up are delivered asynchronously, maybe after the listener was added). */
    private InstanceEvent awaitEvent(InstanceEvent.Kind kind, String domain) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EVENT_TIMEOUT_S);
        while (System.nanoTime() < deadline) {
            InstanceEvent e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e != null && e.kind() == kind && e.domain().equals(domain)) {
                return e;
            }
        }
        throw new AssertionError("no " + kind + " event for " + domain + " within " + EVENT_TIMEOUT_S + " s");
    }

    @Test
    void definedDomainsAreListedWithTheSpecReadBackFromTheirMetadata() {
        defineAll(host);

        List<LibvirtDomain> ours = ours(host.domains());

        assertThat(ours).extracting(d -> d.spec().orElseThrow()).containsExactlyInAnyOrderElementsOf(specs());
        assertThat(ours).allSatisfy(d -> {
            assertThat(d.name()).isEqualTo(d.spec().orElseThrow().domainName());
            assertThat(d.state()).isEqualTo(DomainState.SHUT_OFF);
            assertThat(d.id()).isEqualTo(-1);
            assertThat(d.metadataProblem()).isEmpty();
        });
    }

    @Test
    void startStopAndUndefine() {
        defineAll(host);
        String name = specs().get(0).domainName();

        host.start(name);
        LibvirtDomain running = host.domain(name).orElseThrow();
        assertThat(running.state()).isEqualTo(DomainState.RUNNING);
        assertThat(running.id()).isPositive();

        host.destroy(name);
        // Stopped by the agent itself: shut off, not a failure.
        assertThat(host.domain(name).orElseThrow().state()).isEqualTo(DomainState.SHUT_OFF);
        host.destroy(name); // already off: nothing to do

        host.undefine(name);
        assertThat(host.domain(name)).isEmpty();
        host.undefine(name); // already gone: nothing to do
    }

    @Test
    void undefiningARunningDomainIsRefusedWithAReason() {
        defineAll(host);
        String name = specs().get(0).domainName();
        host.start(name);

        assertThatThrownBy(() -> host.undefine(name)).isInstanceOf(LibvirtOperationException.class)
                .hasMessageContaining(name).hasMessageContaining("stop it first");
        assertThat(host.domain(name).orElseThrow().state()).isEqualTo(DomainState.RUNNING);
    }

    @Test
    void lifecycleEventsArriveForDefineStartStopAndUndefine() throws Exception {
        host.addListener(events::add);
        InstanceSpec spec = specs().get(0);
        String name = spec.domainName();

        host.define(xml.build(DomainXmlBuilderTest.kernelBoot(spec)));
        host.start(name);
        host.destroy(name);
        host.undefine(name);

        List<InstanceEvent> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            seen.add(nextEvent());
        }
        assertThat(seen).extracting(InstanceEvent::kind).containsExactly(InstanceEvent.Kind.DEFINED,
                InstanceEvent.Kind.STARTED, InstanceEvent.Kind.STOPPED, InstanceEvent.Kind.UNDEFINED);
        assertThat(seen).allSatisfy(e -> {
            assertThat(e.id()).isEqualTo(spec.id());
            assertThat(e.domain()).isEqualTo(name);
        });
    }

    @Test
    void aGuestStoppedBehindTheAgentsBackIsACrashAtOnceAndInTheObservedState() throws Exception {
        defineAll(host);
        String name = specs().get(0).domainName();
        host.start(name);
        host.addListener(events::add);

        // Someone else (here: another libvirt client; on a real host: QEMU killed) stops the guest.
        Connect other = new Connect(URI);
        try {
            other.domainLookupByName(name).destroy();
        } finally {
            other.close();
        }

        InstanceEvent e = awaitEvent(InstanceEvent.Kind.CRASHED, name);
        assertThat(e.id()).isEqualTo(specs().get(0).id());
        assertThat(e.detail()).contains("STOPPED");
        assertThat(host.domain(name).orElseThrow().state()).isEqualTo(DomainState.CRASHED);
    }

    @Test
    void aRestartedAgentReadsTheSameSpecsAndPlansNothingForRunningGuests() {
        defineAll(host);
        specs().forEach(s -> host.start(s.domainName()));
        Map<String, Integer> idsBefore = new java.util.HashMap<>();
        ours(host.domains()).forEach(d -> idsBefore.put(d.name(), d.id()));

        // The "restarted agent": a fresh connection and no memory but libvirt.
        LibvirtHost restarted = open();
        List<LibvirtDomain> seen = restarted.domains();
        List<ObservedDomain> observed = seen.stream().map(d -> d.toObserved(Health.UNKNOWN)).toList();
        TargetHost rebuilt = new TargetHostBuilder().build(desired, observed);
        Set<String> volumes = new HashSet<>();
        specs().forEach(s -> volumes.add(VolumeNames.configDrive(s.domainName())));
        Plan plan = new Reconciler(BackoffPolicy.DEFAULT).plan(rebuilt,
                new ObservedHost(observed, volumes, Optional.empty(), Map.of()), Instant.now());

        assertThat(ours(seen)).extracting(d -> d.spec().orElseThrow()).containsExactlyInAnyOrderElementsOf(specs());
        assertThat(rebuilt.instances()).extracting(InstanceTarget::spec).containsExactlyInAnyOrderElementsOf(specs());
        // Only the firewall is re-applied (a restarted agent cannot know what is applied); no guest is touched.
        assertThat(plan.actions()).allMatch(a -> a instanceof Action.ApplyFirewall);
        assertThat(plan.problems()).isEmpty();
        ours(restarted.domains()).forEach(d -> assertThat(d.id()).isEqualTo(idsBefore.get(d.name())));
    }

    @Test
    void foreignDomainsAreListedButNeverTouched() throws Exception {
        LibvirtDomain testDomain = host.domains().stream().filter(d -> d.name().equals("test")).findFirst().orElseThrow();
        assertThat(testDomain.isFabric()).isFalse();
        assertThat(testDomain.toObserved(Health.UNKNOWN).spec()).isEmpty();

        assertThatThrownBy(() -> host.destroy("test")).isInstanceOf(ForeignDomainException.class)
                .hasMessageContaining("'test'").hasMessageContaining("no Fabric instance metadata");
        assertThatThrownBy(() -> host.undefine("test")).isInstanceOf(ForeignDomainException.class);
        assertThatThrownBy(() -> host.start("test")).isInstanceOf(ForeignDomainException.class);
        assertThat(host.domain("test").orElseThrow().state()).isEqualTo(testDomain.state());
    }

    @Test
    void aForeignDomainWithAFabricNameIsNotRedefinedAndItsEventsAreNotPassedOn() throws Exception {
        host.addListener(events::add);
        InstanceSpec spec = specs().get(0);
        Connect other = new Connect(URI);
        Domain squatter = other.domainDefineXML("<domain type='test'><name>" + spec.domainName()
                + "</name><memory>1024</memory><os><type>hvm</type></os></domain>");
        try {
            assertThatThrownBy(() -> host.define(xml.build(DomainXmlBuilderTest.kernelBoot(spec))))
                    .isInstanceOf(ForeignDomainException.class).hasMessageContaining(spec.domainName());
            assertThat(host.domain(spec.domainName()).orElseThrow().isFabric()).isFalse();

            InstanceSpec second = specs().get(1);
            host.define(xml.build(DomainXmlBuilderTest.kernelBoot(second)));
            // Events arrive in order: had the foreign define been passed on, it would come first.
            assertThat(nextEvent().domain()).isEqualTo(second.domainName());
        } finally {
            squatter.undefine();
            other.close();
        }
    }

    @Test
    void unreadableFabricMetadataIsReportedAndTheDomainLeftAlone() throws Exception {
        InstanceSpec spec = specs().get(0);
        String broken = xml.build(DomainXmlBuilderTest.kernelBoot(spec)).replace("vcpus=\"1\"", "vcpus=\"one\"");
        Connect other = new Connect(URI);
        Domain d = other.domainDefineXML(broken);
        try {
            LibvirtDomain seen = host.domain(spec.domainName()).orElseThrow();
            assertThat(seen.spec()).isEmpty();
            assertThat(seen.metadataProblem()).hasValueSatisfying(p -> assertThat(p).contains("vcpus"));
            assertThatThrownBy(() -> host.undefine(spec.domainName())).isInstanceOf(ForeignDomainException.class);
        } finally {
            d.undefine();
            other.close();
        }
    }

    @Test
    void defineRefusesXmlWithoutFabricMetadata() {
        assertThatThrownBy(() -> host.define("<domain type='test'><name>plain</name><memory>1024</memory>"
                + "<os><type>hvm</type></os></domain>"))
                .isInstanceOf(LibvirtOperationException.class).hasMessageContaining("without Fabric instance metadata");
        assertThat(host.domain("plain")).isEmpty();
    }

    @Test
    void defineRefusesXmlWhoseNameIsNotItsInstancesDomainName() {
        InstanceSpec spec = specs().get(0);
        String renamed = xml.build(DomainXmlBuilderTest.kernelBoot(spec))
                .replace("<name>" + spec.domainName() + "</name>", "<name>test</name>");

        assertThatThrownBy(() -> host.define(renamed)).isInstanceOf(LibvirtOperationException.class)
                .hasMessageContaining("'test'").hasMessageContaining(spec.domainName());
        assertThat(host.domain("test").orElseThrow().isFabric()).isFalse();
    }

    @Test
    void aBadUriFailsWithTheUriAndWhatToCheck() {
        assertThatThrownBy(() -> LibvirtHost.open("nosuchdriver:///x")).isInstanceOf(LibvirtOperationException.class)
                .hasMessageContaining("nosuchdriver:///x").hasMessageContaining("URI");
    }

    @Test
    void theBareMetadataFormRoundTripsThroughLibvirtsMetadataApi() throws Exception {
        InstanceSpec spec = specs().get(0);
        host.define(xml.build(DomainXmlBuilderTest.kernelBoot(spec)));
        Connect other = new Connect(URI);
        try {
            Domain d = other.domainLookupByName(spec.domainName());
            String bare = InstanceMetadata.toBareXml(spec);
            dev.fabric.nativelib.libvirt.DomainMetadata.set(d, bare, InstanceMetadata.PREFIX, InstanceMetadata.NAMESPACE,
                    dev.fabric.nativelib.libvirt.DomainMetadata.AFFECT_CONFIG);
            assertThat(InstanceMetadata.fromDomainXml(d.getXMLDesc(0))).contains(spec);
            assertThat(host.domain(spec.domainName()).orElseThrow().spec()).contains(spec);
        } finally {
            other.close();
        }
    }

}
