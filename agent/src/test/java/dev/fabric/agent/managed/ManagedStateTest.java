package dev.fabric.agent.managed;

import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.run.DeploymentStore;
import dev.fabric.agent.run.SourcedDeployment;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.protocol.v1.DeploymentAssignment;
import dev.fabric.protocol.v1.DesiredState;
import dev.fabric.protocol.v1.HostPeer;
import dev.fabric.protocol.v1.InstanceAssignment;
import dev.fabric.protocol.v1.PeerInstance;
import dev.fabric.protocol.v1.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManagedStateTest {
    static final Path EXAMPLE = Path.of("../examples/webfarm");

    @TempDir
    Path dir;

    static String csdef() throws IOException {
        return Files.readString(EXAMPLE.resolve(DeploymentStore.CSDEF));
    }

    static String cscfg() throws IOException {
        return Files.readString(EXAMPLE.resolve(DeploymentStore.CSCFG));
    }

    static DeploymentAssignment webfarm(String csdef, String cscfg) {
        return DeploymentAssignment.newBuilder().setName("webfarm").setCsdef(csdef).setCscfg(cscfg)
                .addInstances(InstanceAssignment.newBuilder().setRole("WebRole").setIndex(0).setAddress("10.213.1.10"))
                .addInstances(InstanceAssignment.newBuilder().setRole("WorkerRole").setIndex(0).setAddress("10.213.1.11"))
                .addPeers(PeerInstance.newBuilder().setRole("WebRole").setIndex(1).setAddress("10.213.2.10").setHost("host-2"))
                .build();
    }

    static DesiredState state(long generation, DeploymentAssignment... deployments) {
        DesiredState.Builder b = DesiredState.newBuilder().setGeneration(generation)
                .addRoutes(Route.newBuilder().setSubnet("10.213.2.0/24").setVia("10.214.0.12"))
                .addPeers(HostPeer.newBuilder().setName("host-2").setAddress("10.214.0.12"));
        for (DeploymentAssignment d : deployments) {
            b.addDeployments(d);
        }
        return b.build();
    }

    @Test
    void aPushIsKeptAndReadBackByTheNextAgentProcess() throws IOException {
        ManagedState first = new ManagedState(dir);
        assertThat(first.load()).isEqualTo(ControllerAssignments.NONE);
        assertThat(first.accept(state(7, webfarm(csdef(), cscfg())))).isTrue();
        assertThat(first.accept(state(7, webfarm(csdef(), cscfg())))).as("the same push again").isFalse();

        ManagedState next = new ManagedState(dir);
        ControllerAssignments a = next.load();
        assertThat(a.generation()).isEqualTo(7);
        assertThat(a.routes()).containsExactly(new HostRoute(dev.fabric.firewall.placement.Ipv4Subnet.parse("10.213.2.0/24"),
                Ipv4Address.parse("10.214.0.12")));
        assertThat(a.peers()).extracting(FabricPeer::name).containsExactly("host-2");
        SourcedDeployment d = next.deployments().get(0);
        assertThat(d.stored().name()).isEqualTo("webfarm");
        assertThat(d.assignment().orElseThrow().addresses()).containsEntry(new InstanceId("webfarm", "WorkerRole", 0),
                Ipv4Address.parse("10.213.1.11")).hasSize(2);
        assertThat(d.assignment().orElseThrow().peers()).extracting(p -> p.label()).containsExactly("webfarm/WebRole/1@host-2");
    }

    @Test
    void aPushWithAnInvalidDefinitionIsRefusedWholeAndTheOldStateStays() throws IOException {
        ManagedState s = new ManagedState(dir);
        s.load();
        s.accept(state(1, webfarm(csdef(), cscfg())));
        DeploymentAssignment broken = DeploymentAssignment.newBuilder(webfarm(csdef(), cscfg())).setName("other")
                .setCsdef(csdef().replace("<WebRole name=\"WebRole\"", "<WebRole name=\"WebRole\" bogus=\"1\"><Oops/")).build();

        assertThatThrownBy(() -> s.accept(state(2, webfarm(csdef(), cscfg()), broken)))
                .isInstanceOf(ControllerStateException.class).hasMessageStartingWith("desired state 2: deployment other is not valid");

        assertThat(s.generation()).isEqualTo(1);
        assertThat(s.store().names()).containsExactly("webfarm");
        assertThat(new ManagedState(dir).load().generation()).isEqualTo(1);
        assertThat(dir.resolve(".check")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }

    @Test
    void badAddressesAndDuplicatesNameTheField() throws IOException {
        ManagedState s = new ManagedState(dir);
        DeploymentAssignment badAddress = DeploymentAssignment.newBuilder(webfarm(csdef(), cscfg()))
                .setInstances(0, InstanceAssignment.newBuilder().setRole("WebRole").setIndex(0).setAddress("10.213.1.300")).build();
        assertThatThrownBy(() -> s.accept(state(3, badAddress))).isInstanceOf(ControllerStateException.class)
                .hasMessage("desired state 3, deployment webfarm, instance webfarm.WebRole.0: '10.213.1.300' is not an IPv4 address");

        DeploymentAssignment twice = DeploymentAssignment.newBuilder(webfarm(csdef(), cscfg()))
                .addPeers(PeerInstance.newBuilder().setRole("WebRole").setIndex(0).setAddress("10.213.3.10").setHost("host-3")).build();
        assertThatThrownBy(() -> s.accept(state(3, twice))).isInstanceOf(ControllerStateException.class)
                .hasMessageContaining("instance webfarm.WebRole.0 is both here and on host host-3");
        assertThat(Files.exists(dir.resolve(ManagedState.FILE))).isFalse();
        assertThat(s.store().names()).isEmpty();
    }

    @Test
    void aDeploymentNoLongerPushedLeavesTheStore() throws IOException {
        ManagedState s = new ManagedState(dir);
        s.accept(state(1, webfarm(csdef(), cscfg())));
        s.accept(state(2));
        assertThat(s.deployments()).isEmpty();
        assertThat(s.store().names()).isEmpty();
    }

    @Test
    void aCrashAfterStoringDefinitionsButBeforeTheFileIsRepairedFromTheFile() throws IOException {
        ManagedState s = new ManagedState(dir);
        s.accept(state(1, webfarm(csdef(), cscfg())));
        // what a crash in the middle of the next push leaves: a newer definition in the store, the old file
        String scaled = cscfg().replace("<Instances count=\"2\" />", "<Instances count=\"5\" />");
        s.store().put("webfarm", csdef().getBytes(StandardCharsets.UTF_8), scaled.getBytes(StandardCharsets.UTF_8));
        s.store().put("stray", csdef().getBytes(StandardCharsets.UTF_8), cscfg().getBytes(StandardCharsets.UTF_8));

        ManagedState next = new ManagedState(dir);
        next.load();
        assertThat(next.store().names()).containsExactly("webfarm");
        assertThat(Files.readString(next.store().get("webfarm").orElseThrow().cscfg())).isEqualTo(cscfg());
    }

    @Test
    void aDamagedFileIsAClearError() throws IOException {
        Files.write(dir.resolve(ManagedState.FILE), new byte[]{0x0a, (byte) 0xff, 0x01});
        assertThatThrownBy(() -> new ManagedState(dir).load()).isInstanceOf(ControllerStateException.class)
                .hasMessageContaining(ManagedState.FILE).hasMessageContaining("cannot read the controller's last desired state");
    }
}
