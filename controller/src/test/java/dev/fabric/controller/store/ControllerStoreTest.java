package dev.fabric.controller.store;

import static dev.fabric.controller.store.StoreFixtures.CSDEF;
import static dev.fabric.controller.store.StoreFixtures.assignments;
import static dev.fabric.controller.store.StoreFixtures.cscfg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fabric.controller.model.Assignment;
import dev.fabric.controller.model.DeploymentRecord;
import dev.fabric.controller.model.InstanceKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControllerStoreTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private EmbeddedZooKeeper zk;
    private ControllerStore store;

    @BeforeEach
    void start() {
        zk = EmbeddedZooKeeper.start(dir, 0);
        store = ControllerStore.connect(zk.connectString(), TIMEOUT);
    }

    @AfterEach
    void stop() {
        store.close();
        zk.close();
    }

    @Test
    void createGetListDeleteRoundTrip() {
        assertThat(store.generation()).isZero();
        assertThat(store.deploymentNames()).isEmpty();

        StoredDeployment created = store.createDeployment("web", CSDEF, cscfg(3), assignments("web", 3, "host-2", "host-1"));
        store.createDeployment("api", CSDEF, cscfg(1), assignments("api", 1, "host-1"));

        assertThat(created.record()).isEqualTo(new DeploymentRecord("web", CSDEF, cscfg(3), 1));
        assertThat(created.generation()).isEqualTo(1);
        assertThat(store.generation()).isEqualTo(2);
        assertThat(store.deployment("web")).contains(created);
        assertThat(store.deploymentNames()).containsExactly("api", "web");
        assertThat(store.deployments()).extracting(StoredDeployment::name).containsExactly("api", "web");
        assertThat(store.allAssignments()).extracting(a -> a.instance().toString())
                .containsExactly("api.WebRole.0", "web.WebRole.0", "web.WebRole.1", "web.WebRole.2");
        assertThat(store.assignmentsOnHost("host-1")).extracting(a -> a.instance().toString())
                .containsExactly("api.WebRole.0", "web.WebRole.1");

        assertThat(store.deleteDeployment("web")).isEqualTo(3);
        assertThat(store.deployment("web")).isEmpty();
        assertThat(store.deploymentNames()).containsExactly("api");
        assertThat(store.assignmentsOnHost("host-2")).isEmpty();
        assertThatThrownBy(() -> store.deleteDeployment("web"))
                .isInstanceOf(DeploymentNotFoundException.class).hasMessage("deployment web does not exist");
    }

    @Test
    void duplicateCreateIsRefusedAndChangesNothing() {
        StoredDeployment first = store.createDeployment("web", CSDEF, cscfg(2), assignments("web", 2, "host-1"));
        long generation = store.generation();

        assertThatThrownBy(() -> store.createDeployment("web", "<other/>", cscfg(5), assignments("web", 5, "host-9")))
                .isInstanceOf(DeploymentExistsException.class)
                .hasMessageContaining("deployment web exists");

        assertThat(store.deployment("web")).contains(first);
        assertThat(store.generation()).isEqualTo(generation);
        assertThat(store.assignmentsOnHost("host-9")).isEmpty();
    }

    @Test
    void replaceWithTheCurrentVersionBumpsItAndAStaleVersionIsRefused() {
        store.createDeployment("web", CSDEF, cscfg(2), assignments("web", 2, "host-1"));
        List<Assignment> moved = assignments("web", 2, "host-2");

        StoredDeployment reincarnated = store.replaceAssignments("web", 1, moved);
        assertThat(reincarnated.version()).isEqualTo(2);
        assertThat(reincarnated.record().csdef()).isEqualTo(CSDEF);
        assertThat(store.deployment("web")).contains(reincarnated);

        assertThatThrownBy(() -> store.replaceAssignments("web", 1, assignments("web", 2, "host-3")))
                .isInstanceOf(StaleVersionException.class)
                .hasMessageContaining("expected version 1, stored version is 2");
        assertThat(store.deployment("web")).contains(reincarnated);
        assertThat(store.generation()).isEqualTo(2);

        StoredDeployment scaled = store.replaceConfiguration("web", 2, cscfg(4), assignments("web", 4, "host-1", "host-2"));
        assertThat(scaled.version()).isEqualTo(3);
        assertThat(store.deployment("web")).hasValueSatisfying(d -> {
            assertThat(d.record().cscfg()).isEqualTo(cscfg(4));
            assertThat(d.record().csdef()).isEqualTo(CSDEF);
            assertThat(d.assignments()).hasSize(4);
            assertThat(d.generation()).isEqualTo(3);
        });
        assertThatThrownBy(() -> store.replaceAssignments("gone", 1, List.of()))
                .isInstanceOf(DeploymentNotFoundException.class);
    }

    @Test
    void assignmentsOfAnotherDeploymentOrTwiceTheSameInstanceAreRefused() {
        assertThatThrownBy(() -> store.createDeployment("web", CSDEF, cscfg(1), assignments("api", 1, "host-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("belongs to another deployment");
        Assignment a = assignments("web", 1, "host-1").get(0);
        assertThatThrownBy(() -> store.createDeployment("web", CSDEF, cscfg(1), List.of(a, a)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("web.WebRole.0 is assigned twice");
        assertThatThrownBy(() -> store.createDeployment("we/b", CSDEF, cscfg(1), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deployment name");
        assertThat(store.deploymentNames()).isEmpty();
    }

    @Test
    void hostRecordsArePutReplacedAndListed() {
        HostRecord one = new HostRecord("host-1", 8, 32768, List.of("kvm", "qemu"), "up", 1_700_000_000_000L);
        store.putHost(one);
        store.putHost(new HostRecord("host-0", 2, 4096, List.of("qemu"), "up", 1));
        HostRecord oneDown = new HostRecord("host-1", 8, 32768, List.of("kvm", "qemu"), "down", 1_700_000_100_000L);
        store.putHost(oneDown);

        assertThat(store.host("host-1")).contains(oneDown);
        assertThat(store.host("host-7")).isEmpty();
        assertThat(store.hosts()).extracting(HostRecord::name).containsExactly("host-0", "host-1");
        assertThat(store.generation()).isZero(); // host reports are not desired-state changes
    }

    @Test
    void aLargeButCompressibleCsdefRoundTrips() {
        String big = CSDEF.replace("</ServiceDefinition>", "<!-- " + "padding for a big definition ".repeat(2 * 1024 * 1024 / 29)
                + " -->\n</ServiceDefinition>");
        assertThat(big.length()).isGreaterThan(2 * 1024 * 1024);
        store.createDeployment("big", big, cscfg(1), assignments("big", 1, "host-1"));
        assertThat(store.deployment("big")).hasValueSatisfying(d -> assertThat(d.record().csdef()).isEqualTo(big));
        StoredDeployment scaled = store.replaceConfiguration("big", 1, cscfg(2), assignments("big", 2, "host-1"));
        assertThat(store.deployment("big")).contains(scaled);
    }

    @Test
    void aDefinitionThatDoesNotFitCompressedIsRefusedClearlyAndNothingIsWritten() {
        StringBuilder noise = new StringBuilder();
        java.util.Random random = new java.util.Random(42);
        while (noise.length() < 2 * 1024 * 1024) {
            noise.append(Long.toString(random.nextLong(), 36));
        }
        String big = CSDEF.replace("</ServiceDefinition>", "<!-- " + noise + " -->\n</ServiceDefinition>");
        assertThatThrownBy(() -> store.createDeployment("big", big, cscfg(1), assignments("big", 1, "host-1")))
                .isInstanceOf(DefinitionTooLargeException.class)
                .hasMessageContaining("deployment big is too large")
                .hasMessageContaining("compresses to")
                .hasMessageContaining(String.valueOf(ControllerStore.MAX_TRANSACTION_BYTES));
        assertThat(store.deploymentNames()).isEmpty();
        assertThat(store.generation()).isZero();
    }

    @Test
    void aSecondStoreConnectedByConnectStringSeesTheSameData() {
        StoredDeployment web = store.createDeployment("web", CSDEF, cscfg(2), assignments("web", 2, "host-1"));
        try (ControllerStore other = ControllerStore.connect(zk.connectString(), TIMEOUT)) { // "external ensemble" mode
            assertThat(other.deployment("web")).contains(web);
            other.replaceAssignments("web", 1, assignments("web", 2, "host-2"));
            assertThatThrownBy(() -> store.replaceAssignments("web", 1, assignments("web", 2, "host-3")))
                    .isInstanceOf(StaleVersionException.class);
            assertThat(other.generation()).isEqualTo(store.generation()).isEqualTo(2);
        }
        assertThat(store.assignmentsOnHost("host-2")).hasSize(2);
    }

    @Test
    void anUnreachableConnectStringFailsClearlyWithinTheTimeout() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        long started = System.nanoTime();
        assertThatThrownBy(() -> ControllerStore.connect("127.0.0.1:" + closedPort, Duration.ofSeconds(2)))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("cannot reach ZooKeeper at 127.0.0.1:" + closedPort + " within 2000 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15)); // generous
    }

    @Test
    void corruptDataIsReportedNamingTheZnode() throws Exception {
        store.createDeployment("web", CSDEF, cscfg(1), assignments("web", 1, "host-1"));
        store.putHost(new HostRecord("host-1", 2, 2048, List.of("qemu"), "up", 1));
        var client = store.client();

        client.setData().forPath("/fabric/v1/deployments/web/assignments", "{\"format\":1,".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.deployment("web"))
                .isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("/fabric/v1/deployments/web/assignments");
        assertThatThrownBy(store::allAssignments)
                .isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("/fabric/v1/deployments/web/assignments");

        client.setData().forPath("/fabric/v1/deployments/web/definition", "not gzip".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.deployment("web"))
                .isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("/fabric/v1/deployments/web/definition").hasMessageContaining("gzip");

        client.setData().forPath("/fabric/v1/hosts/host-1",
                "{\"format\":2,\"host\":null}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.host("host-1"))
                .isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("/fabric/v1/hosts/host-1");
        assertThatThrownBy(store::hosts).isInstanceOf(CorruptStoreException.class);

        client.setData().forPath("/fabric/v1/generation", "{\"format\":7,\"generation\":3}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(store::generation)
                .isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("/fabric/v1/generation").hasMessageContaining("unknown format 7");
    }

    @Test
    void aDeploymentWithoutItsChildrenIsCorruptNotAbsent() throws Exception {
        store.createDeployment("web", CSDEF, cscfg(1), assignments("web", 1, "host-1"));
        store.client().delete().forPath("/fabric/v1/deployments/web/assignments");
        assertThatThrownBy(() -> store.deployment("web"))
                .isInstanceOf(CorruptStoreException.class)
                .hasMessageContaining("/fabric/v1/deployments/web")
                .hasMessageContaining("child is missing");
    }

    @Test
    void unknownFieldsOrMissingFieldsAreCorruption() throws Exception {
        store.putHost(new HostRecord("host-1", 2, 2048, List.of("qemu"), "up", 1));
        store.client().setData().forPath("/fabric/v1/hosts/host-1", ("{\"format\":1,\"host\":{\"name\":\"host-1\",\"cpus\":2,"
                + "\"memoryMiB\":2048,\"virtTypes\":[],\"state\":\"up\"}}").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.host("host-1"))
                .isInstanceOf(CorruptStoreException.class).hasMessageContaining("sinceUnixMs");
        InstanceKey key = new InstanceKey("web", "WebRole", 0);
        assertThat(key.toString()).isEqualTo("web.WebRole.0");
    }
}
