package dev.fabric.agent.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentStoreTest {
    static final Path WEBFARM = Path.of("../examples/webfarm");
    static final Path CACHE = Path.of("../examples/cachecluster");

    @TempDir
    Path tmp;

    static byte[] csdef(Path dir) throws Exception {
        return Files.readAllBytes(dir.resolve("ServiceDefinition.csdef"));
    }

    static byte[] cscfg(Path dir) throws Exception {
        return Files.readAllBytes(dir.resolve("ServiceConfiguration.cscfg"));
    }

    private String[] entries() throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void aDeploymentIsStoredAsGivenReadBackAndASecondIdenticalPutChangesNothing() throws Exception {
        DeploymentStore store = new DeploymentStore(tmp);
        assertThat(store.put("web", csdef(WEBFARM), cscfg(WEBFARM))).isTrue();
        assertThat(store.put("web", csdef(WEBFARM), cscfg(WEBFARM))).isFalse();

        StoredDeployment d = store.get("web").orElseThrow();
        assertThat(Files.readAllBytes(d.csdef())).isEqualTo(csdef(WEBFARM));
        assertThat(Files.readAllBytes(d.cscfg())).isEqualTo(cscfg(WEBFARM));
        assertThat(d.service().roles()).extracting(r -> r.name()).containsExactly("WebRole", "WorkerRole");
        assertThat(store.names()).containsExactly("web");
        assertThat(entries()).containsExactly("web");
    }

    @Test
    void theFilesOfAStoredDeploymentCanBePutBackAfterAnUpdate() throws Exception {
        DeploymentStore store = new DeploymentStore(tmp);
        assertThat(store.files("web")).isEmpty();
        store.put("web", csdef(WEBFARM), cscfg(WEBFARM));
        DefinitionFiles before = store.files("web").orElseThrow();

        store.put("web", csdef(CACHE), cscfg(CACHE));
        assertThat(store.put("web", before)).as("the earlier files are back").isTrue();

        assertThat(Files.readAllBytes(store.get("web").orElseThrow().csdef())).isEqualTo(csdef(WEBFARM));
        assertThat(Files.readAllBytes(store.get("web").orElseThrow().cscfg())).isEqualTo(cscfg(WEBFARM));
    }

    @Test
    void aNewVersionReplacesTheOldOneWhole() throws Exception {
        DeploymentStore store = new DeploymentStore(tmp);
        store.put("svc", csdef(WEBFARM), cscfg(WEBFARM));
        assertThat(store.put("svc", csdef(CACHE), cscfg(CACHE))).isTrue();
        assertThat(Files.readAllBytes(store.get("svc").orElseThrow().csdef())).isEqualTo(csdef(CACHE));
        assertThat(entries()).containsExactly("svc");
    }

    @Test
    void aRejectedDefinitionLeavesNothingBehindAndKeepsTheOldVersion() throws Exception {
        DeploymentStore store = new DeploymentStore(tmp);
        byte[] broken = new String(csdef(WEBFARM)).replace("<InputEndpoint ", "<InputEndpointX ").getBytes();
        assertThatThrownBy(() -> store.put("web", broken, cscfg(WEBFARM))).isInstanceOf(DeploymentRejectedException.class)
                .hasMessageContaining("deployment web is not valid").hasMessageContaining("InputEndpointX");
        assertThat(entries()).isEmpty();

        store.put("web", csdef(WEBFARM), cscfg(WEBFARM));
        assertThatThrownBy(() -> store.put("web", broken, cscfg(WEBFARM))).isInstanceOf(DeploymentRejectedException.class);
        assertThat(entries()).containsExactly("web");
        assertThat(Files.readAllBytes(store.get("web").orElseThrow().csdef())).isEqualTo(csdef(WEBFARM));
    }

    @Test
    void aSwapInterruptedByACrashIsRepairedOnRead() throws Exception {
        DeploymentStore store = new DeploymentStore(tmp);
        store.put("web", csdef(WEBFARM), cscfg(WEBFARM));
        // crash after "web -> .web.old", before ".web.new -> web": the old version comes back
        Files.move(tmp.resolve("web"), tmp.resolve(".web.old"));
        Files.createDirectories(tmp.resolve(".web.new"));
        Files.write(tmp.resolve(".web.new").resolve(DeploymentStore.CSDEF), csdef(CACHE));

        assertThat(store.names()).containsExactly("web");
        assertThat(Files.readAllBytes(store.get("web").orElseThrow().csdef())).isEqualTo(csdef(WEBFARM));
        assertThat(entries()).containsExactly("web");
    }

    @Test
    void peekReadsTheDeploymentAsItIsAndRepairsNothing() throws Exception {
        DeploymentStore store = new DeploymentStore(tmp);
        store.put("web", csdef(WEBFARM), cscfg(WEBFARM));
        Files.createDirectories(tmp.resolve(".web.new")); // another process is writing a new version
        assertThat(store.peek("web").orElseThrow().service().name()).isEqualTo("webfarm");

        Files.move(tmp.resolve("web"), tmp.resolve(".web.old")); // ... and is half way through its swap
        assertThat(store.peek("web").orElseThrow().service().name()).isEqualTo("webfarm");
        assertThat(store.peek("other")).isEmpty();
        assertThat(entries()).containsExactly(".web.new", ".web.old");
    }

    @Test
    void removeLeavesNoFile() throws Exception {
        DeploymentStore store = new DeploymentStore(tmp);
        store.put("web", csdef(WEBFARM), cscfg(WEBFARM));
        assertThat(store.remove("web")).isTrue();
        assertThat(store.remove("web")).isFalse();
        assertThat(store.get("web")).isEmpty();
        assertThat(entries()).isEmpty();
    }
}
