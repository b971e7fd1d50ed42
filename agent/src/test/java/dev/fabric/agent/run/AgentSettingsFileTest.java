package dev.fabric.agent.run;

import dev.fabric.agent.desired.VirtType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentSettingsFileTest {
    @TempDir
    Path tmp;

    @Test
    void anEmptyFileGivesTheLabDefaults() {
        AgentSettings s = AgentSettingsFile.parse("agent.conf", "# nothing set\n\n");
        assertThat(s.host().libvirtUri()).isEqualTo("qemu:///system");
        assertThat(s.host().virtType()).isEqualTo(VirtType.AUTO);
        assertThat(s.host().instanceSubnet().toString()).isEqualTo("10.213.0.0/24");
        assertThat(s.host().bridge()).isEqualTo("fabbr0");
        assertThat(s.host().externalAddress().toString()).isEqualTo("10.213.255.1");
        assertThat(s.host().memoryScale().apply(1792)).isEqualTo(128);
        assertThat(s.stateDir()).isEqualTo(Path.of("/var/lib/fabric/agent"));
        assertThat(s.pool().name()).isEqualTo("fabric");
        assertThat(s.imageStore()).isEqualTo(Path.of("/var/lib/fabric/images"));
        assertThat(s.host().guestMemoryMiB()).as("auto: this machine's memory minus the host's reserve")
                .isEqualTo(HostMemory.guestMiB(HostMemory.MEMINFO)).isPositive();
    }

    @Test
    void autoGuestMemoryIsTheHostsMemoryMinusAReserve() throws Exception {
        Path meminfo = java.nio.file.Files.writeString(tmp.resolve("meminfo"), "MemTotal:        8388608 kB\nMemFree: 1 kB\n");
        assertThat(HostMemory.guestMiB(meminfo)).isEqualTo(8192 - 2048);
        java.nio.file.Files.writeString(meminfo, "MemTotal:        1048576 kB\n");
        assertThat(HostMemory.guestMiB(meminfo)).isEqualTo(1024 - 512);
        java.nio.file.Files.writeString(meminfo, "MemTotal:        262144 kB\n");
        assertThatThrownBy(() -> HostMemory.guestMiB(meminfo)).hasMessageContaining("set memory.guest-mib explicitly");
    }

    @Test
    void valuesAreReadWithCommentsAndSpaces() {
        AgentSettings s = AgentSettingsFile.parse("agent.conf", """
                libvirt.uri = test:///default
                  virt.type=qemu
                instance.subnet = 10.50.0.0/24   
                host.external-address = 192.0.2.7
                memory.scale = 1/8
                memory.guest-mib = 8192
                state.dir = /tmp/fabric-state
                image.name = debian-12
                """);
        assertThat(s.host().libvirtUri()).isEqualTo("test:///default");
        assertThat(s.host().virtType()).isEqualTo(VirtType.QEMU);
        assertThat(s.host().instanceSubnet().toString()).isEqualTo("10.50.0.0/24");
        assertThat(s.host().externalAddress().toString()).isEqualTo("192.0.2.7");
        assertThat(s.host().memoryScale().apply(1792)).isEqualTo(224);
        assertThat(s.host().guestMemoryMiB()).isEqualTo(8192);
        assertThat(s.host().imageName()).isEqualTo("debian-12");
        assertThat(s.deploymentsDir()).isEqualTo(Path.of("/tmp/fabric-state/deployments"));
    }

    @Test
    void everyErrorNamesFileAndLine() {
        assertThatThrownBy(() -> AgentSettingsFile.parse("/etc/fabric/agent.conf", "virt.type = qemu\nbridge = x\n"))
                .isInstanceOf(SettingsException.class).hasMessageStartingWith("/etc/fabric/agent.conf:2: unknown key 'bridge'")
                .hasMessageContaining("instance.bridge");
        assertThatThrownBy(() -> AgentSettingsFile.parse("a.conf", "\n\nvirt.type = xen\n"))
                .hasMessageStartingWith("a.conf:3: virt.type: virt type 'xen' is not one of kvm, qemu, auto");
        assertThatThrownBy(() -> AgentSettingsFile.parse("a.conf", "instance.subnet = 10.0.0.0/30\n"))
                .hasMessageStartingWith("a.conf:1: instance.subnet");
        assertThatThrownBy(() -> AgentSettingsFile.parse("a.conf", "instance.bridge = this-name-is-too-long\n"))
                .hasMessageStartingWith("a.conf:1: instance.bridge");
        assertThatThrownBy(() -> AgentSettingsFile.parse("a.conf", "memory.scale = 3/2\n"))
                .hasMessageStartingWith("a.conf:1: memory.scale");
        assertThatThrownBy(() -> AgentSettingsFile.parse("a.conf", "memory.guest-mib = lots\n"))
                .hasMessageStartingWith("a.conf:1: memory.guest-mib: 'lots' is not a whole number");
        assertThatThrownBy(() -> AgentSettingsFile.parse("a.conf", "state.dir = relative/dir\n"))
                .hasMessageStartingWith("a.conf:1: state.dir: 'relative/dir' must be an absolute path");
        assertThatThrownBy(() -> AgentSettingsFile.parse("a.conf", "libvirt.uri = qemu\n"))
                .hasMessageStartingWith("a.conf:1: libvirt.uri");
        assertThatThrownBy(() -> AgentSettingsFile.parse("a.conf", "just words\n"))
                .hasMessageStartingWith("a.conf:1: expected 'key = value'");
        assertThatThrownBy(() -> AgentSettingsFile.parse("a.conf", "virt.type = qemu\nvirt.type = kvm\n"))
                .hasMessageStartingWith("a.conf:2: 'virt.type' is already set on line 1");
        assertThatThrownBy(() -> AgentSettingsFile.parse("a.conf", "pool.path =\n"))
                .hasMessageStartingWith("a.conf:1: 'pool.path' has no value");
    }

    @Test
    void aControllerAddressMakesAManagedAgentThatNeedsItsHostName() {
        assertThat(AgentSettingsFile.parse("agent.conf", "").controller()).isEmpty();
        var c = AgentSettingsFile.parse("agent.conf", "controller.address = 10.214.0.2:7000\nhost.name = host-1\n").controller().orElseThrow();
        assertThat(c.controller()).isEqualTo("10.214.0.2:7000");
        assertThat(c.certificate()).isEqualTo(Path.of("/etc/fabric/pki/hosts/host-1.crt"));
        assertThat(c.caCertificate()).isEqualTo(Path.of("/etc/fabric/pki/ca.crt"));
        assertThatThrownBy(() -> AgentSettingsFile.parse("a.conf", "controller.address = 10.214.0.2:7000\n"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("host.name: a managed agent (controller.address set) needs this host's inventory name");
        assertThatThrownBy(() -> AgentSettingsFile.parse("a.conf", "controller.address = 10.214.0.2\nhost.name = h\n"))
                .hasMessageStartingWith("a.conf:1: controller.address: '10.214.0.2' is not HOST:PORT");
        assertThatThrownBy(() -> AgentSettingsFile.parse("a.conf", "controller.address = c:99999\nhost.name = h\n"))
                .hasMessageStartingWith("a.conf:1: controller.address: 'c:99999' has no port from 1 to 65535");
        assertThatThrownBy(() -> AgentSettingsFile.parse("a.conf", "controller.address = c:7000\nhost.name = Host_1\n"))
                .hasMessageStartingWith("a.conf:2: host.name: 'Host_1' is not a host name");
    }

    @Test
    void aMissingFileIsAnErrorOnlyWhenItWasAskedFor() {
        assertThat(AgentSettingsFile.read(tmp.resolve("absent.conf"), false).host().bridge()).isEqualTo("fabbr0");
        assertThatThrownBy(() -> AgentSettingsFile.read(tmp.resolve("absent.conf"), true))
                .isInstanceOf(SettingsException.class).hasMessageContaining("absent.conf: no such settings file");
    }

    @Test
    void healthGraceIsFiveMinutesByDefaultAndOtherwiseWholeSeconds() {
        assertThat(AgentSettingsFile.parse("agent.conf", "").health().grace()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(AgentSettingsFile.parse("agent.conf", "health.grace-seconds = 45").health().grace())
                .isEqualTo(java.time.Duration.ofSeconds(45));
        assertThatThrownBy(() -> AgentSettingsFile.parse("agent.conf", "\nhealth.grace-seconds = 1m"))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("agent.conf:2: health.grace-seconds: '1m' is not a whole number of seconds");
    }

    @Test
    void healthNamespaceIsNoneByDefaultAndOtherwiseAnExistingNamespace() throws Exception {
        assertThat(AgentSettingsFile.parse("agent.conf", "").healthNamespace()).isEmpty();
        assertThat(AgentSettingsFile.parse("agent.conf", "health.namespace = none").healthNamespace()).isEmpty();

        assertThatThrownBy(() -> AgentSettingsFile.parse("agent.conf", "# probes\nhealth.namespace = ../etc"))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("agent.conf:2: health.namespace: '../etc' is not a network namespace name");
        String missing = "fabric-hl-missing-" + ProcessHandle.current().pid();
        assertThatThrownBy(() -> AgentSettingsFile.parse("agent.conf", "health.namespace = " + missing))
                .isInstanceOf(SettingsException.class)
                .hasMessage("agent.conf:1: health.namespace: no network namespace '" + missing + "' (/run/netns/" + missing
                        + " does not exist; see ip netns list), or set none to probe from the agent's own namespace");

        String ns = "fabric-hl-conf-" + ProcessHandle.current().pid();
        ip("netns", "add", ns);
        try {
            assertThat(AgentSettingsFile.parse("agent.conf", "health.namespace = " + ns).healthNamespace()).contains(ns);
        } finally {
            ip("netns", "del", ns);
        }
    }

    private static void ip(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "ip";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    }
}
