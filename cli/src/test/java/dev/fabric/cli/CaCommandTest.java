package dev.fabric.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CaCommandTest {
    @TempDir
    Path tmp;

    @Test
    void initThenIssueForAHostTheControllerAndAnOperator() {
        String dir = tmp.resolve("pki").toString();
        CliRun init = CliRun.of("ca", "--dir", dir, "init", "--name", "lab CA");
        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(init.out()).contains("CA 'lab CA' made in " + dir);

        assertThat(CliRun.of("ca", "--dir", dir, "issue", "--host", "host-1").exit()).isZero();
        CliRun controller = CliRun.of("ca", "--dir", dir, "issue", "--controller", "--address", "10.213.255.1");
        assertThat(controller.exit()).as(controller.err()).isZero();
        assertThat(controller.out()).contains("issued controller certificate CN=controller,OU=controller,O=Fabric");
        assertThat(CliRun.of("ca", "--dir", dir, "issue", "--operator", "alice").exit()).isZero();

        assertThat(tmp.resolve("pki/hosts/host-1.crt")).exists();
        assertThat(tmp.resolve("pki/operators/alice.key")).exists();
        assertThat(Files.exists(tmp.resolve("pki/controller.crt"))).isTrue();
    }

    @Test
    void refusalsExitTwoWithOneLineAndChangeNothing() throws Exception {
        String dir = tmp.resolve("pki").toString();
        CliRun noCa = CliRun.of("ca", "--dir", dir, "issue", "--host", "host-1");
        assertThat(noCa.exit()).isEqualTo(2);
        assertThat(noCa.err()).contains("no CA in " + dir).contains("fabric ca init --dir " + dir);

        assertThat(CliRun.of("ca", "--dir", dir, "init").exit()).isZero();
        byte[] key = Files.readAllBytes(tmp.resolve("pki/ca.key"));
        CliRun again = CliRun.of("ca", "--dir", dir, "init");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("holds a CA already").doesNotContain("Exception");
        assertThat(Files.readAllBytes(tmp.resolve("pki/ca.key"))).isEqualTo(key);

        CliRun badName = CliRun.of("ca", "--dir", dir, "issue", "--operator", "Bob Smith");
        assertThat(badName.exit()).isEqualTo(2);
        assertThat(badName.err()).contains("'Bob Smith' is not a usable name");
        assertThat(tmp.resolve("pki/operators")).doesNotExist();

        assertThat(CliRun.of("ca", "--dir", dir, "issue", "--host", "a", "--operator", "b").exit())
                .as("exactly one of --host, --controller, --operator").isEqualTo(2);
    }
}
