package dev.fabric.agent.verify;

import dev.fabric.agent.Fixtures;
import dev.fabric.agent.desired.InstanceId;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.verify.PortSet;
import dev.fabric.servicedef.model.AclRule;
import dev.fabric.servicedef.model.Endpoint;
import dev.fabric.servicedef.model.Role;
import dev.fabric.servicedef.model.RoleKind;
import dev.fabric.servicedef.model.Transport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Verdicts from what each vantage point found (the scanner is the seam; the real one is tested in the CLI). */
class IsolationVerifierTest {
    private static final Role WEB = Fixtures.webfarm(2).roles().get(0);
    private static final Role WORKER = Fixtures.webfarm(2).roles().get(1);
    private static final Ipv4Address EXTERNAL = Ipv4Address.parse("10.213.255.1");
    private static final PortSet ALL = PortSet.range(1, 65535);

    private final List<String> progress = new ArrayList<>();

    private static Ipv4Address ip(String s) {
        return Ipv4Address.parse(s);
    }

    private static VerifyTarget target(Role role, int index, String address) {
        return new VerifyTarget(new InstanceId("webfarm", role.name(), index), role, Optional.of(ip(address)), "running");
    }

    /** Answers as if {@code open} listened behind a firewall that lets them through; a port outside the scan is never seen. */
    private static PortScanner answering(Map<String, PortSet> open) {
        return (target, ports) -> {
            PortSet o = open.getOrDefault(target.toString(), PortSet.empty());
            return o.minus(o.minus(ports));
        };
    }

    private static VantagePoint vantage(String name, String source, Map<String, PortSet> open) {
        return new VantagePoint(name, "test " + name, ip(source), answering(open));
    }

    @Test
    void exactlyTheDeclaredPortsFromEveryVantagePointIsOk() {
        Map<String, PortSet> open = Map.of("10.213.0.10", PortSet.of(8080), "10.213.0.11", PortSet.of(8080),
                "10.213.255.1", PortSet.of(80));
        List<VerifyTarget> targets = List.of(target(WEB, 0, "10.213.0.10"), target(WEB, 1, "10.213.0.11"),
                target(WORKER, 0, "10.213.0.12"));
        VantagePoint outside = vantage("outside", "10.213.255.2", open);

        VerifyReport r = new IsolationVerifier(ALL, progress::add).verify(targets,
                List.of(outside, vantage("bridge", "10.213.0.254", open)),
                Optional.of(new IsolationVerifier.PublicSide(outside, EXTERNAL)));

        assertThat(r.ok()).isTrue();
        assertThat(r.instances()).extracting(InstanceCheck::verdict).containsOnly("ok");
        assertThat(r.publicPorts()).singleElement().satisfies(p -> {
            assertThat(p.owner()).isEqualTo("webfarm.WebRole");
            assertThat(p.port().port()).isEqualTo(80);
            assertThat(p.ok()).isTrue();
        });
        assertThat(r.differences()).isEmpty();
        assertThat(progress).contains("scanning webfarm.WebRole.0 10.213.0.10 from bridge (test bridge)",
                "probing public ports 80 on 10.213.255.1 from outside");
    }

    @Test
    void anUndeclaredPortIsExtraAndAnUnansweredDeclaredPortIsMissingPerVantagePoint() {
        VantagePoint outside = vantage("outside", "10.213.255.2", Map.of("10.213.0.10", PortSet.of(22, 8080),
                "10.213.0.12", PortSet.of(9000)));
        VantagePoint bridge = vantage("bridge", "10.213.0.254", Map.of("10.213.0.12", PortSet.empty()));

        VerifyReport r = new IsolationVerifier(ALL, line -> { }).verify(List.of(target(WEB, 0, "10.213.0.10"),
                target(WORKER, 0, "10.213.0.12")), List.of(outside, bridge), Optional.of(new IsolationVerifier.PublicSide(outside, EXTERNAL)));

        assertThat(r.ok()).isFalse();
        assertThat(r.instances()).extracting(InstanceCheck::verdict).containsExactly(
                "DIFFERS: outside extra 22; bridge missing 8080", "DIFFERS: outside extra 9000");
        assertThat(r.differences()).containsExactly("webfarm.WebRole.0 10.213.0.10: outside extra 22; bridge missing 8080",
                "webfarm.WorkerRole.0 10.213.0.12: outside extra 9000",
                "public port 80/tcp (webfarm.WebRole HttpIn): missing");
    }

    @Test
    void anInstanceWithoutADomainDiffersAndIsNotScanned() {
        VerifyTarget gone = new VerifyTarget(new InstanceId("webfarm", "WebRole", 1), WEB, Optional.empty(), VerifyTarget.NO_DOMAIN);

        VerifyReport r = new IsolationVerifier(ALL, progress::add).verify(List.of(gone),
                List.of(vantage("bridge", "10.213.0.254", Map.of())), Optional.empty());

        assertThat(r.instances().get(0).verdict()).isEqualTo("DIFFERS: no domain");
        assertThat(r.instances().get(0).checks()).isEmpty();
        assertThat(progress).isEmpty();
        assertThat(r.ok()).isFalse();
    }

    @Test
    void aPublicPortTheAclDeniesToTheOutsideMustNotAnswerAndUdpIsReportedAsNotChecked() {
        Role acl = new Role("Api", RoleKind.WEB, Fixtures.SMALL, 1, List.of(
                new Endpoint.Input("Api", Transport.TCP, 443, 8443, List.of(new AclRule(1, AclRule.Action.PERMIT, "192.0.2.0/24"))),
                new Endpoint.Input("Dns", Transport.UDP, 53, 53, List.of())), Map.of());
        VantagePoint outside = vantage("outside", "10.213.255.2", Map.of("10.213.255.1", PortSet.of(443)));

        VerifyReport r = new IsolationVerifier(ALL, line -> { }).verify(List.of(target(acl, 0, "10.213.0.10")),
                List.of(outside), Optional.of(new IsolationVerifier.PublicSide(outside, EXTERNAL)));

        assertThat(r.instances().get(0).checks().get("outside").expected()).isEqualTo(PortSet.empty());
        assertThat(r.instances().get(0).declared()).isEqualTo(PortSet.of(8443));
        assertThat(r.publicPorts().get(0).verdict()).isEqualTo("DIFFERS: extra (the ACL denies this source)");
        assertThat(r.notChecked()).containsExactly("webfarm.Api Dns udp/53: a TCP connect scan cannot check UDP");
    }

    @Test
    void portsOutsideTheScannedRangeAreNeitherExpectedNorSeen() {
        VantagePoint bridge = vantage("bridge", "10.213.0.254", Map.of("10.213.0.10", PortSet.of(8080)));

        VerifyReport r = new IsolationVerifier(PortSet.range(1, 1024), line -> { }).verify(
                List.of(target(WEB, 0, "10.213.0.10")), List.of(bridge), Optional.empty());

        assertThat(r.ok()).isTrue();
        assertThat(r.instances().get(0).checks().get("bridge").expected()).isEqualTo(PortSet.empty());
    }
}
