package dev.fabric.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedZooKeeperTest {
    @TempDir
    Path dir;

    @Test
    void startsOnAFreeLoopbackPortAndKeepsItsFilesInTheDirectory() throws IOException {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir.resolve("zookeeper"), 0)) {
            assertThat(zk.port()).isPositive();
            assertThat(zk.connectString()).isEqualTo("127.0.0.1:" + zk.port());
            assertThat(zk.boundAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1"); // not the wildcard
            assertThat(zk.boundAddress().getPort()).isEqualTo(zk.port());
            assertThat(dir.resolve("zookeeper/data/version-2")).isDirectory();
            assertThat(dir.resolve("zookeeper/datalog/version-2")).isDirectory();
            System.out.printf("embedded ZooKeeper started in %d ms (fresh directory)%n", zk.startupTime().toMillis());
            try (Socket s = new Socket()) { // reachable on loopback
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), zk.port()), 2000);
                assertThat(s.isConnected()).isTrue();
            }
        }
    }

    @Test
    void fourLetterWordsOtherThanTheHardWiredSrvrAreOff() throws IOException {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir, 0)) {
            assertThat(fourLetterWord(zk.port(), "ruok")).doesNotContain("imok");
            assertThat(fourLetterWord(zk.port(), "conf")).doesNotContain("dataDir");
            assertThat(fourLetterWord(zk.port(), "srvr")).contains("Zookeeper version"); // ZooKeeper keeps this one
        }
    }

    @Test
    void aPortInUseIsRefusedNamingThePort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> EmbeddedZooKeeper.start(dir, taken.getLocalPort()))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("in use");
        }
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir, 0)) { // the failed start released the directory
            assertThat(zk.port()).isPositive();
        }
    }

    @Test
    void aSecondServerOnTheSameDirectoryIsRefused() {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir, 0)) {
            assertThatThrownBy(() -> EmbeddedZooKeeper.start(dir, 0))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining(dir.toString())
                    .hasMessageContaining("in use by another running controller");
        }
    }

    @Test
    void closeIsIdempotentAndFreesThePort() throws IOException {
        EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir, 0);
        int port = zk.port();
        zk.close();
        zk.close();
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void staleFilesFromACrashedRunDoNotLoseData() throws IOException {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir, 0);
             ControllerStore store = ControllerStore.connect(zk.connectString(), Duration.ofSeconds(10))) {
            store.createDeployment("web", StoreFixtures.CSDEF, StoreFixtures.cscfg(2), StoreFixtures.assignments("web", 2, "host-1"));
        }
        // what a crash can leave: a torn newest snapshot, a torn log file, an empty one, the old lock file
        Path snapshots = dir.resolve("data/version-2");
        Path logs = dir.resolve("datalog/version-2");
        Files.write(snapshots.resolve("snapshot.fffffffff"), new byte[] {0x5a, 0x4b, 0x53, 0x4e, 0, 0, 0}); // "ZKSN" + garbage
        Files.write(logs.resolve("log.fffffffff"), new byte[] {0x5a, 0x4b, 0x4c, 0x47, 0, 0, 0, 2, 1});
        Files.write(logs.resolve("log.ffffffffe"), new byte[0]);
        assertThat(dir.resolve(DataDirectoryLock.FILE_NAME)).exists();
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir, 0);
             ControllerStore store = ControllerStore.connect(zk.connectString(), Duration.ofSeconds(10))) {
            assertThat(store.deployment("web")).hasValueSatisfying(d -> assertThat(d.assignments()).hasSize(2));
            assertThat(store.generation()).isEqualTo(1);
        }
        try (Stream<Path> torn = Files.list(dir.resolve("torn"))) { // set aside, not deleted
            assertThat(torn.map(p -> p.getFileName().toString())).hasSize(2).allMatch(n -> n.startsWith("log.ffffffff"));
        }
        try (Stream<Path> files = Files.list(snapshots)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("snapshot."));
        }
    }

    @Test
    void oldSnapshotsAreDeletedKeepingTheNewestThreeAndTheDataLoads() throws IOException {
        for (int i = 0; i < 6; i++) { // every start takes a snapshot
            try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir, 0);
                 ControllerStore store = ControllerStore.connect(zk.connectString(), Duration.ofSeconds(10))) {
                store.createDeployment("d" + i, StoreFixtures.CSDEF, StoreFixtures.cscfg(1), StoreFixtures.assignments("d" + i, 1, "h"));
            }
        }
        assertThat(snapshotCount()).isEqualTo(3); // one more per start, purged at start
        var files = new org.apache.zookeeper.server.persistence.FileTxnSnapLog(dir.resolve("datalog").toFile(), dir.resolve("data").toFile());
        try (SnapshotPurger purger = new SnapshotPurger(files, 3)) {
            assertThat(purger.purge()).isEmpty(); // nothing left to do
        } finally {
            files.close();
        }
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir, 0);
             ControllerStore store = ControllerStore.connect(zk.connectString(), Duration.ofSeconds(10))) {
            assertThat(store.deploymentNames()).containsExactly("d0", "d1", "d2", "d3", "d4", "d5");
        }
    }

    private long snapshotCount() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("data/version-2"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("snapshot.")).count();
        }
    }

    private static String fourLetterWord(int port, String word) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (java.net.SocketException e) {
            return ""; // the server closed the connection: the word is refused
        }
    }
}
