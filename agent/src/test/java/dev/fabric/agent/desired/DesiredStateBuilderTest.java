package dev.fabric.agent.desired;

import dev.fabric.agent.Fixtures;
import dev.fabric.servicedef.ServiceDefinitions;
import dev.fabric.servicedef.Validation;
import dev.fabric.servicedef.model.Service;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DesiredStateBuilderTest {
    private final DesiredStateBuilder builder = new DesiredStateBuilder(Fixtures.host("tiny"), Fixtures.images());

    @Test
    void everyInstanceOfEveryRoleInDefinitionOrderWithScaledMemory() {
        DesiredDeployment d = builder.build(Fixtures.webfarm(2), "webfarm");

        assertThat(d.instances()).extracting(i -> i.id().text())
                .containsExactly("webfarm.WebRole.0", "webfarm.WebRole.1", "webfarm.WorkerRole.0");
        DesiredInstance web0 = d.instances().get(0);
        assertThat(web0.vcpus()).isEqualTo(1);
        assertThat(web0.requestedMemoryMiB()).isEqualTo(1792);
        assertThat(web0.memoryMiB()).isEqualTo(128); // 1792/16 = 112, below the 128 MiB floor
        assertThat(web0.image()).isEqualTo(Fixtures.TINY);
        assertThat(web0.endpoints()).isEqualTo(Fixtures.webfarm(2).roles().get(0).endpoints());
        assertThat(web0.settings()).containsEntry("Greeting", "Hello from Fabric").hasSize(2);
        assertThat(d.instances().get(2).settings()).containsOnlyKeys("QueueName");
        assertThat(d.memoryMiB()).isEqualTo(3 * 128);
    }

    @Test
    void buildsFromTheRealExampleFiles() {
        Validation v = ServiceDefinitions.load(Path.of("../examples/webfarm/ServiceDefinition.csdef"),
                Path.of("../examples/webfarm/ServiceConfiguration.cscfg"));
        assertThat(v.errors()).isEmpty();
        Service service = v.service().orElseThrow();

        DesiredDeployment d = builder.build(service, "webfarm");

        assertThat(d.instances()).extracting(i -> i.id().text())
                .containsExactly("webfarm.WebRole.0", "webfarm.WebRole.1", "webfarm.WorkerRole.0");
        assertThat(d.instances().get(1).settings()).containsEntry("BackendPort", "9000");
    }

    @Test
    void scaleAboveTheFloorRoundsUp() {
        MemoryScale scale = new MemoryScale(1, 16, 64);
        assertThat(scale.apply(1792)).isEqualTo(112);
        assertThat(scale.apply(1793)).isEqualTo(113);
        assertThat(scale.apply(768)).isEqualTo(64);
        assertThat(MemoryScale.NONE.apply(3584)).isEqualTo(3584);
        assertThat(MemoryScale.parse("1/16", 128)).isEqualTo(new MemoryScale(1, 16, 128));
        assertThat(MemoryScale.parse(" 1 ", 0)).isEqualTo(MemoryScale.NONE);
        assertThatThrownBy(() -> MemoryScale.parse("a/b", 0)).hasMessageContaining("'a/b' is not a fraction");
        assertThatThrownBy(() -> MemoryScale.parse("2/1", 0)).hasMessageContaining("(0, 1]");
    }

    @Test
    void aRoleLargerThanTheHostIsAClearError() {
        HostSettings tiny = new HostSettings(Fixtures.SUBNET, Fixtures.SUBNET.network().plus(1), "fabbr0",
                MemoryScale.NONE, 1024, VirtType.QEMU, "test:///default", "tiny");

        assertThatThrownBy(() -> new DesiredStateBuilder(tiny, Fixtures.images()).build(Fixtures.webfarm(1), "webfarm"))
                .isInstanceOf(DesiredStateException.class)
                .hasMessage("role WebRole of deployment webfarm: vmsize Small needs 1792 MiB after scaling 1/1 (floor 0 MiB),"
                        + " more than the 1024 MiB this host gives to guests; choose a smaller vmsize or a smaller memory scale");
    }

    @Test
    void aRoleWithNoInstancesNeedsNoMemory() {
        HostSettings tiny = new HostSettings(Fixtures.SUBNET, Fixtures.SUBNET.network().plus(1), "fabbr0",
                MemoryScale.NONE, 1024, VirtType.QEMU, "test:///default", "tiny");

        Service noWeb = new Service("web", "6", 1, List.of(Fixtures.webfarm(0).roles().get(0)));

        assertThat(new DesiredStateBuilder(tiny, Fixtures.images()).build(noWeb, "web").instances()).isEmpty();
    }

    @Test
    void aDeploymentLargerThanTheHostIsAClearError() {
        // 4096 MiB / 128 MiB per instance = 32 instances fit; 40 web + 1 worker do not.
        assertThatThrownBy(() -> builder.build(Fixtures.webfarm(40), "webfarm"))
                .isInstanceOf(DesiredStateException.class)
                .hasMessageContaining("deployment webfarm needs 5248 MiB for 41 instances")
                .hasMessageContaining("more than the 4096 MiB this host gives to guests");
    }

    @Test
    void deploymentsTogetherLargerThanTheHostAreAClearError() {
        DesiredHost host = new DesiredHost(Fixtures.host("tiny"), List.of(builder.build(Fixtures.webfarm(20), "a")));

        assertThatThrownBy(() -> host.with(builder.build(Fixtures.webfarm(20), "b")))
                .isInstanceOf(DesiredStateException.class)
                .hasMessageContaining("need 5376 MiB of guest memory, more than the 4096 MiB it has");
        assertThat(host.with(builder.build(Fixtures.webfarm(3), "a")).instances()).hasSize(4); // replaces a
    }

    @Test
    void unknownImageNamesTheKnownOnes() {
        DesiredStateBuilder b = new DesiredStateBuilder(Fixtures.host("ubuntu"), Fixtures.images());

        assertThatThrownBy(() -> b.build(Fixtures.webfarm(1), "webfarm"))
                .isInstanceOf(DesiredStateException.class)
                .hasMessage("image 'ubuntu' is not in this host's image store (known: debian-12, tiny);"
                        + " register it with its SHA-256 or choose another image");
    }

    @Test
    void badDeploymentNameSaysWhatIsAllowed() {
        assertThatThrownBy(() -> builder.build(Fixtures.webfarm(1), "web.farm"))
                .isInstanceOf(DesiredStateException.class)
                .hasMessageContaining("deployment name 'web.farm' is not allowed");
        assertThatThrownBy(() -> builder.build(Fixtures.webfarm(1), ""))
                .isInstanceOf(DesiredStateException.class);
    }

    @Test
    void imageDigestAndVirtTypeAreChecked() {
        assertThatThrownBy(() -> new ImageRef("tiny", "ABC", ImageRef.Kind.DISK))
                .hasMessageContaining("SHA-256 must be 64 lower-case hex digits");
        assertThat(VirtType.parse("KVM")).isEqualTo(VirtType.KVM);
        assertThat(VirtType.QEMU.domainType()).isEqualTo("qemu");
        assertThatThrownBy(() -> VirtType.parse("xen")).hasMessage("virt type 'xen' is not one of kvm, qemu, auto");
        assertThatThrownBy(VirtType.AUTO::domainType).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void instanceIdsOrderByDeploymentRoleIndex() {
        assertThat(List.of(new InstanceId("b", "R", 0), new InstanceId("a", "S", 0), new InstanceId("a", "R", 10),
                new InstanceId("a", "R", 2)).stream().sorted().map(InstanceId::text).toList())
                .containsExactly("a.R.2", "a.R.10", "a.S.0", "b.R.0");
    }
}
