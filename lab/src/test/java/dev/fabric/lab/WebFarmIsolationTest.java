package dev.fabric.lab;

import dev.fabric.lab.guest.BootedInstance;
import dev.fabric.lab.guest.GuestDomains;
import dev.fabric.lab.guest.GuestImage;
import dev.fabric.lab.guest.InstanceBooter;
import dev.fabric.lab.guest.LabGuestSpecs;
import dev.fabric.agent.spec.DomainNames;
import dev.fabric.lab.isolation.DeclaredPorts;
import dev.fabric.lab.isolation.IsolationCheck;
import dev.fabric.lab.isolation.ScanVerdict;
import dev.fabric.lab.placement.PlacedInstance;
import dev.fabric.lab.probe.CommandResult;
import dev.fabric.lab.probe.FabricCommand;
import dev.fabric.lab.probe.HttpProbe;
import dev.fabric.lab.probe.InNamespace;
import dev.fabric.lab.probe.NmapScan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mission, end to end on real parts: the guests of examples/webfarm run under libvirtd + QEMU
 * in namespace fabric-lab, each listening on 8080, 9000, 22 and 3306. Before Fabric's firewall all
 * of those answer from fabric-outside; after {@code fabric firewall apply} exactly the declared ones
 * do, according to Fabric's scanner and to nmap, and the public port 80 on the host's external
 * address reaches a web instance. Runs only inside the lab ({@code ./lab.sh test} passes
 * -Dfabric.lab=ready after setting it up).
 */
@EnabledIfSystemProperty(named = "fabric.lab", matches = "ready")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebFarmIsolationTest {
    private static final LabNetwork NET = LabNetwork.CONTRACT;

    private LabDeployment farm;
    private GuestDomains domains;
    private List<BootedInstance> booted;
    private InNamespace lab;
    private InNamespace outside;
    private HttpProbe http;
    private IsolationCheck isolation;

    @BeforeAll
    void bootTheWebFarm() throws Exception {
        Path repo = LabPaths.repoRoot();
        farm = LabDeployment.load(repo, Path.of("examples/webfarm/ServiceDefinition.csdef"),
                Path.of("examples/webfarm/ServiceConfiguration.cscfg"), NET);
        lab = new InNamespace(NET.labNamespace(), repo);
        outside = new InNamespace(NET.outsideNamespace(), repo);
        http = new HttpProbe(outside);
        isolation = new IsolationCheck(new FabricCommand(outside), new NmapScan(outside));
        clearFirewall(); // "before the firewall" must mean before it
        domains = GuestDomains.open("qemu:///system");
        InstanceBooter booter = new InstanceBooter(domains, GuestImage.verified(LabPaths.imageDir()), NET, http,
                System.getProperty("fabric.lab.virt", "qemu"), LabPaths.seedDir());
        booted = booter.boot(farm.service(), farm.instances(), farm.listenPorts());
        booted.forEach(b -> System.out.printf("lab: %s (%s) answered %d ms after create%n",
                b.domainName(), b.instance().address(), b.createToAnswer().toMillis()));
    }

    private void clearFirewall() {
        CommandResult clear = new FabricCommand(lab).run(Duration.ofMinutes(3), LabDeployment.firewallClearArgs());
        assertThat(clear.exitCode()).as(clear.describe()).isZero();
    }

    @AfterAll
    void removeTheGuests() throws Exception {
        if (lab != null) {
            clearFirewall();
        }
        if (domains == null) {
            return;
        }
        try (GuestDomains open = domains) {
            for (String name : open.names(LabGuestSpecs.domainPrefix(farm.service()))) {
                open.remove(name);
            }
            assertThat(open.names(DomainNames.PREFIX)).as("lab domains left behind").isEmpty();
        }
    }

    @Test
    @Order(1)
    void guestsFollowTheSamplePlacement() throws Exception {
        assertThat(farm.instances()).extracting(PlacedInstance::index, i -> i.role().name(), PlacedInstance::address,
                PlacedInstance::mac, PlacedInstance::tap).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, "WebRole", "10.213.0.10", "52:54:00:d5:00:0a", "fab-0"),
                org.assertj.core.groups.Tuple.tuple(1, "WebRole", "10.213.0.11", "52:54:00:d5:00:0b", "fab-1"),
                org.assertj.core.groups.Tuple.tuple(2, "WorkerRole", "10.213.0.12", "52:54:00:d5:00:0c", "fab-2"));
        for (BootedInstance b : booted) {
            String xml = domains.liveXml(b.domainName());
            assertThat(xml).contains("<mac address='" + b.instance().mac() + "'/>", "<source bridge='fabbr0'/>",
                    "<target dev='" + b.instance().tap() + "'/>");
            // Nothing but console settings on the kernel command line; the configuration is on the read-only config drive.
            assertThat(xml).contains("<cmdline>" + InstanceBooter.CMDLINE + "</cmdline>", "<readonly/>",
                    LabPaths.seedDir().resolve(b.domainName() + ".cidata.iso").toString());
            CommandResult link = lab.run(Duration.ofSeconds(10), "ip", "-o", "link", "show", b.instance().tap());
            assertThat(link.stdout()).as(link.describe()).contains("master " + NET.bridge());
        }
    }

    @Test
    @Order(2)
    void withoutTheFirewallEveryGuestAnswersOnDeclaredAndUndeclaredPorts() {
        assertThat(farm.listenPorts()).containsExactly(22, 3306, 8080, 9000);
        // Each guest names itself with the instance id its config drive gives it: the seed really arrived.
        assertThat(booted).extracting(BootedInstance::fabricId)
                .containsExactly("webfarm.WebRole.0", "webfarm.WebRole.1", "webfarm.WorkerRole.0");
        for (BootedInstance b : booted) {
            PlacedInstance instance = b.instance();
            for (int port : farm.listenPorts()) {
                assertThat(http.get(instance.address(), port, Duration.ofSeconds(5)))
                        .as("HTTP %s:%d from %s before the firewall", instance.address(), port, NET.outsideNamespace())
                        .contains("fabric lab guest " + b.fabricId() + " port " + port);
            }
        }
        // The scanner can fail: with every port open, expecting only the declared one is a difference.
        PlacedInstance web = farm.instances().get(0);
        ScanVerdict scan = isolation.fabricScan(web.address(), DeclaredPorts.fromOutside(web.role()));
        assertThat(scan.result().exitCode()).as(scan.result().describe()).isEqualTo(1);
        assertThat(scan.asExpected()).isFalse();
        assertThat(scan.open()).containsExactly(22, 3306, 8080, 9000);
    }

    @Test
    @Order(3)
    void fabricAppliesTheCompiledRulesetInTheLabNamespace() {
        CommandResult apply = new FabricCommand(lab).run(Duration.ofMinutes(3), farm.firewallApplyArgs(NET));
        assertThat(apply.exitCode()).as(apply.describe()).isZero();
    }

    @Test
    @Order(4)
    void fabricScanFindsExactlyTheDeclaredPortsFromOutside() {
        Map<String, Set<Integer>> expected = Map.of("10.213.0.10", Set.of(8080), "10.213.0.11", Set.of(8080),
                "10.213.0.12", Set.of());
        for (PlacedInstance instance : farm.instances()) {
            SortedSet<Integer> declared = DeclaredPorts.fromOutside(instance.role());
            assertThat(declared).as("declared for %s", instance.instanceId())
                    .containsExactlyInAnyOrderElementsOf(expected.get(instance.address()));
            ScanVerdict scan = isolation.fabricScan(instance.address(), declared);
            assertThat(scan.asExpected()).as(scan.result().describe()).isTrue();
            assertThat(scan.open()).as(scan.result().describe()).containsExactlyElementsOf(declared);
        }
    }

    @Test
    @Order(5)
    void nmapAgreesWithTheDeclaredPorts() {
        Map<String, SortedSet<Integer>> open = new NmapScan(outside).openPorts(
                farm.instances().stream().map(PlacedInstance::address).toList(), Duration.ofMinutes(6));
        for (PlacedInstance instance : farm.instances()) {
            assertThat(open.get(instance.address())).as("nmap -p- of %s from %s", instance.address(), NET.outsideNamespace())
                    .containsExactlyElementsOf(new TreeSet<>(DeclaredPorts.fromOutside(instance.role())));
        }
    }

    @Test
    @Order(6)
    void thePublicPortOnTheHostAddressReachesAWebInstance() {
        assertThat(http.get(NET.hostAddress(), 80, Duration.ofSeconds(5)))
                .as("HTTP %s:80 from %s", NET.hostAddress(), NET.outsideNamespace())
                .hasValueSatisfying(body -> assertThat(body).matches("fabric lab guest webfarm\\.WebRole\\.[01] port 8080"));
    }

    @Test
    @Order(7)
    void undeclaredAndInternalPortsNoLongerAnswerFromOutside() {
        PlacedInstance worker = farm.instances().get(2);
        assertThat(http.get(worker.address(), 9000, Duration.ofSeconds(3))).as("worker's internal endpoint 9000").isEmpty();
        for (PlacedInstance instance : farm.instances()) {
            for (int port : List.of(22, 3306)) {
                assertThat(http.get(instance.address(), port, Duration.ofSeconds(3)))
                        .as("undeclared %s:%d", instance.address(), port).isEmpty();
            }
        }
    }
}
