package dev.fabric.agent.link;

import dev.fabric.agent.Fixtures;
import dev.fabric.agent.managed.ManagedState;
import dev.fabric.agent.run.DeploymentStore;
import dev.fabric.agent.verify.BridgeVantage;
import dev.fabric.agent.verify.IsolationVerifier;
import dev.fabric.agent.verify.ManagedVerification;
import dev.fabric.agent.verify.VantagePoint;
import dev.fabric.agent.verify.VerifyException;
import dev.fabric.agent.verify.VerifyTarget;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.verify.PortSet;
import dev.fabric.protocol.v1.DeploymentAssignment;
import dev.fabric.protocol.v1.DesiredState;
import dev.fabric.protocol.v1.InstanceAssignment;
import dev.fabric.protocol.v1.InstanceVerify;
import dev.fabric.protocol.v1.PeerInstance;
import dev.fabric.protocol.v1.VerifyRequest;
import dev.fabric.protocol.v1.VerifyResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A managed agent's answer to the controller's verify request (0690): which instances it checks (those the
 * controller placed here, from the managed state) and how the bridge scan becomes a VerifyResult. The scanner
 * is the seam (the real probe is BridgeProbeTest's); the managed state and the verifier are the real ones.
 */
class VerifyResponderTest {
    static final Path EXAMPLE = Path.of("../examples/webfarm");

    @TempDir
    Path dir;
    ManagedState managed;
    final List<String> log = new ArrayList<>();

    @BeforeEach
    void holdTheWebfarmAsTheControllerPlacedIt() throws IOException {
        managed = new ManagedState(dir);
        managed.load();
        managed.accept(DesiredState.newBuilder().setGeneration(3).addDeployments(DeploymentAssignment.newBuilder()
                .setName("webfarm").setCsdef(Files.readString(EXAMPLE.resolve(DeploymentStore.CSDEF)))
                .setCscfg(Files.readString(EXAMPLE.resolve(DeploymentStore.CSCFG)))
                .addInstances(InstanceAssignment.newBuilder().setRole("WebRole").setIndex(0).setAddress("10.213.0.10"))
                .addInstances(InstanceAssignment.newBuilder().setRole("WorkerRole").setIndex(0).setAddress("10.213.0.11"))
                .addPeers(PeerInstance.newBuilder().setRole("WebRole").setIndex(1).setAddress("10.213.2.10").setHost("host-2")))
                .build());
    }

    /** The bridge scan with a scanner answering from {@code open}: everything but the network is real. */
    private VerifyResponder.BridgeScan scanning(Map<String, PortSet> open) {
        ManagedVerification v = new ManagedVerification(Fixtures.host("tiny"), managed, List::of);
        return (deployment, ports, scan, progress) -> {
            List<VerifyTarget> targets = v.targets(deployment, List.of()).stream()
                    .map(t -> new VerifyTarget(t.id(), t.role(), Optional.of(Ipv4Address.parse(
                            t.id().role().equals("WebRole") ? "10.213.0.10" : "10.213.0.11")), "running")).toList();
            VantagePoint bridge = new VantagePoint(BridgeVantage.NAME, "test probe", Ipv4Address.parse("10.213.0.254"),
                    (target, p) -> open.getOrDefault(target.toString(), PortSet.empty()));
            return new IsolationVerifier(ports, progress).verify(targets, targets.isEmpty() ? List.of() : List.of(bridge),
                    Optional.empty());
        };
    }

    @Test
    void onlyTheInstancesTheControllerPlacedHereAreChecked() {
        ManagedVerification v = new ManagedVerification(Fixtures.host("tiny"), managed, List::of);

        assertThat(v.targets("webfarm", List.of())).extracting(t -> t.id().text(), VerifyTarget::state)
                .containsExactly(tuple("webfarm.WebRole.0", "no domain"), tuple("webfarm.WorkerRole.0", "no domain"));
        assertThat(v.targets("other", List.of())).isEmpty();
        assertThat(v.verify("other", PortSet.of(80), null, log::add).instances()).as("no probe for a deployment held elsewhere")
                .isEmpty();
    }

    @Test
    void theBridgeScanBecomesAResultPerInstanceWithExpectedOpenMissingAndExtra() {
        VerifyResponder responder = new VerifyResponder(scanning(Map.of("10.213.0.10", PortSet.of(8080),
                "10.213.0.11", PortSet.of(22, 9000))), Fixtures.host("tiny"), log::add);

        VerifyResult r = responder.answer(VerifyRequest.newBuilder().setRequestId(5).setDeployment("webfarm").build());

        assertThat(r.getRequestId()).isEqualTo(5);
        assertThat(r.getError()).isEmpty();
        assertThat(r.getPorts()).isEqualTo("1-65535");
        assertThat(r.getProbeAddress()).isEqualTo("10.213.0.254");
        assertThat(r.getBridge()).isEqualTo(Fixtures.host("tiny").bridge());
        assertThat(r.getExternalAddress()).isEqualTo(Fixtures.host("tiny").externalAddress().toString());
        assertThat(r.getInstancesList()).extracting(InstanceVerify::getRole, InstanceVerify::getIndex, InstanceVerify::getAddress,
                        InstanceVerify::getExpected, InstanceVerify::getOpen, InstanceVerify::getMissing, InstanceVerify::getExtra)
                .containsExactly(tuple("WebRole", 0, "10.213.0.10", "8080", "8080", "", ""),
                        tuple("WorkerRole", 0, "10.213.0.11", "", "22,9000", "", "22,9000"));
        assertThat(log).anyMatch(l -> l.startsWith("verify webfarm: 2 instances from the bridge in ") && l.endsWith("DIFFERS"));
    }

    @Test
    void aHostHoldingNoInstanceOfTheDeploymentAnswersAnEmptyResult() {
        VerifyResult r = new VerifyResponder(scanning(Map.of()), Fixtures.host("tiny"), log::add)
                .answer(VerifyRequest.newBuilder().setRequestId(6).setDeployment("elsewhere").setPorts("1-1024").build());

        assertThat(r.getError()).isEmpty();
        assertThat(r.getInstancesList()).isEmpty();
        assertThat(r.getProbeAddress()).as("no probe was attached").isEmpty();
        assertThat(r.getPorts()).isEqualTo("1-1024");
    }

    @Test
    void failuresAreAnsweredAsErrorsNotSilence() {
        VerifyResponder failing = new VerifyResponder((d, p, s, progress) -> {
            throw new VerifyException("no bridge fabbr9 in this network namespace");
        }, Fixtures.host("tiny"), log::add);

        assertThat(failing.answer(VerifyRequest.newBuilder().setRequestId(7).setDeployment("webfarm").build()).getError())
                .isEqualTo("no bridge fabbr9 in this network namespace");
        assertThat(failing.answer(VerifyRequest.newBuilder().setRequestId(8).setDeployment("webfarm").setPorts("80-x").build())
                .getError()).startsWith("bad port list '80-x': ");
        assertThat(failing.answer(VerifyRequest.newBuilder().setRequestId(9).setDeployment("webfarm").setTimeoutMs(60_000).build())
                .getError()).isEqualTo("connect timeout 60000 ms is above the limit of 10000 ms");
    }
}
