package dev.fabric.agent.configdrive;

import dev.fabric.agent.Fixtures;
import dev.fabric.agent.addressing.AddressAllocator;
import dev.fabric.agent.desired.DesiredInstance;
import dev.fabric.agent.spec.InstanceSpec;
import dev.fabric.firewall.placement.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigDriveBuilderTest {
    private final ConfigDriveBuilder builder = new ConfigDriveBuilder();

    private static DesiredInstance desired(dev.fabric.servicedef.model.Service service, int i) {
        return Fixtures.desired("tiny", service).instances().get(i);
    }

    private static InstanceSpec spec(DesiredInstance d, String address) {
        return InstanceSpec.of(d, new AddressAllocator(Fixtures.SUBNET).assignment(d.id(), Ipv4Address.parse(address)));
    }

    /** The content of the write_files entry for {@code path}, base64-decoded. */
    private static String writtenFile(String userData, String path) {
        Matcher m = Pattern.compile("- path: \"" + Pattern.quote(path) + "\"\n(?:    [a-z]+: .*\n)*?    content: (\\S+)\n")
                .matcher(userData);
        assertThat(m.find()).as("write_files entry for " + path + " in\n" + userData).isTrue();
        return new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
    }

    @Test
    void noCloudSeedForAWebInstance() {
        DesiredInstance d = desired(Fixtures.webfarm(2), 1);
        InstanceSpec spec = spec(d, "10.213.0.11");

        ConfigDrive drive = builder.build(spec, d.settings(), Fixtures.SUBNET);

        assertThat(drive.files()).containsOnlyKeys("meta-data", "network-config", "user-data", "fabric.env");
        assertThat(drive.file("meta-data")).matches(
                "instance-id: \"fabric\\.webfarm\\.WebRole\\.1-[0-9a-f]{12}\"\nlocal-hostname: \"webrole-1\"\n");
        assertThat(drive.file("network-config")).isEqualTo("""
                version: 2
                ethernets:
                  fabric0:
                    match:
                      macaddress: "52:54:00:d5:00:0b"
                    set-name: eth0
                    addresses:
                      - "10.213.0.11/24"
                    routes:
                      - to: "0.0.0.0/0"
                        via: "10.213.0.1"
                """);
        String userData = drive.file("user-data");
        assertThat(userData).startsWith("#cloud-config\nwrite_files:\n");
        assertThat(writtenFile(userData, "/etc/fabric/settings.json")).isEqualTo("""
                {
                  "BackendPort": "9000",
                  "Greeting": "Hello from Fabric"
                }
                """);
        assertThat(userData).contains("permissions: \"0600\"");
        assertThat(writtenFile(userData, "/etc/fabric/ports")).isEqualTo("tcp 8080 HttpIn\n");
        assertThat(drive.file("fabric.env")).isEqualTo("""
                FABRIC_INSTANCE='webfarm.WebRole.1'
                FABRIC_HOSTNAME='webrole-1'
                FABRIC_MAC='52:54:00:d5:00:0b'
                FABRIC_ADDRESS='10.213.0.11/24'
                FABRIC_GATEWAY='10.213.0.1'
                FABRIC_TCP_PORTS='8080'
                FABRIC_UDP_PORTS=''
                """);
        assertThat(drive.bytes().get("fabric.env")).isEqualTo(drive.file("fabric.env").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyEndpointKindBecomesPortsToServeAndHostileValuesStayQuoted() throws Exception {
        DesiredInstance d = desired(Fixtures.everything(), 0);
        InstanceSpec spec = spec(d, "10.213.0.10");

        ConfigDrive drive = builder.build(spec, d.settings(), Fixtures.SUBNET);

        assertThat(writtenFile(drive.file("user-data"), "/etc/fabric/ports"))
                .isEqualTo("tcp 8080 Http\nudp 27015 Rcon\ntcp 7000-7003 Gossip\n");
        assertThat(drive.file("fabric.env")).contains("FABRIC_INSTANCE='game.Game Server & <Co>.0'\n",
                "FABRIC_HOSTNAME='game-server-co-0'\n", "FABRIC_TCP_PORTS='8080 7000-7003'\n", "FABRIC_UDP_PORTS='27015'\n");
        assertThat(writtenFile(drive.file("user-data"), "/etc/fabric/settings.json"))
                .isEqualTo("{\n  \"Motd\": \"it's \\\"quoted\\\"\\nand 'multi-line' $(rm -rf /)\"\n}\n");
    }

    @Test
    void theYamlFilesAreReadByARealYamlParserAndTheSettingsFileByAJsonParser() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.fabric.agent.json.PyYaml.available(), "python3 with PyYAML is not installed");
        DesiredInstance d = desired(Fixtures.everything(), 1);
        Map<String, String> settings = Map.of("Motd", d.settings().get("Motd"), "Odd \u2028 key", "\u0085\u007f\ud83d\ude00");
        ConfigDrive drive = builder.build(spec(d, "10.213.0.11"), settings, Fixtures.SUBNET);

        var meta = dev.fabric.agent.json.PyYaml.load(drive.file("meta-data"));
        assertThat(meta.get("local-hostname").textValue()).isEqualTo("game-server-co-1");
        var network = dev.fabric.agent.json.PyYaml.load(drive.file("network-config"));
        assertThat(network.at("/ethernets/fabric0/match/macaddress").textValue()).isEqualTo("52:54:00:d5:00:0b");
        assertThat(network.at("/ethernets/fabric0/addresses/0").textValue()).isEqualTo("10.213.0.11/24");
        var userData = dev.fabric.agent.json.PyYaml.load(drive.file("user-data"));
        assertThat(userData.at("/write_files/0/path").textValue()).isEqualTo(ConfigDriveBuilder.SETTINGS_PATH);
        assertThat(userData.at("/write_files/0/permissions").textValue()).isEqualTo("0600");
        String json = new String(Base64.getDecoder().decode(userData.at("/write_files/0/content").textValue()), StandardCharsets.UTF_8);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class)).isEqualTo(settings);
    }

    @Test
    void theShellFileIsSafeToSourceWhateverTheRoleIsCalled() throws Exception {
        String role = "O'Brien $(echo pwned) `id` \\ \"x\"";
        dev.fabric.servicedef.model.Service service = new dev.fabric.servicedef.model.Service("svc", "6", 1, List.of(
                new dev.fabric.servicedef.model.Role(role, dev.fabric.servicedef.model.RoleKind.WORKER, Fixtures.SMALL, 1,
                        List.of(), Map.of())));
        DesiredInstance d = desired(service, 0);
        ConfigDrive drive = builder.build(spec(d, "10.213.0.10"), d.settings(), Fixtures.SUBNET);
        java.nio.file.Path env = java.nio.file.Files.createTempFile("fabric", ".env");
        try {
            java.nio.file.Files.writeString(env, drive.file("fabric.env"));
            Process p = new ProcessBuilder("sh", "-c", ". \"$1\"; printf %s \"$FABRIC_INSTANCE\"", "sh", env.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).isZero();
            assertThat(out).isEqualTo("svc." + role + ".0");
        } finally {
            java.nio.file.Files.delete(env);
        }
    }

    @Test
    void instanceIdChangesWhenTheSpecChangesAndOnlyThen() {
        DesiredInstance d = desired(Fixtures.webfarm(1), 0);
        InstanceSpec spec = spec(d, "10.213.0.10");
        Map<String, String> changed = Map.of("BackendPort", "9001", "Greeting", "Hello from Fabric");
        DesiredInstance d2 = new DesiredInstance(d.id(), d.vmSize(), d.vcpus(), d.requestedMemoryMiB(), d.memoryMiB(),
                d.image(), d.endpoints(), changed);

        String first = builder.build(spec, d.settings(), Fixtures.SUBNET).file("meta-data");
        String again = builder.build(spec(d, "10.213.0.10"), d.settings(), Fixtures.SUBNET).file("meta-data");
        String otherSettings = builder.build(spec(d2, "10.213.0.10"), changed, Fixtures.SUBNET).file("meta-data");
        String otherAddress = builder.build(spec(d, "10.213.0.20"), d.settings(), Fixtures.SUBNET).file("meta-data");

        assertThat(again).isEqualTo(first);
        assertThat(List.of(otherSettings, otherAddress)).doesNotContain(first);
    }

    @Test
    void emptySettingsAreAnEmptyObject() {
        assertThat(ConfigDriveBuilder.settingsJson(Map.of())).isEqualTo("{}\n");
    }

    @Test
    void hostnamesAreDnsLabels() {
        assertThat(Hostnames.of(new dev.fabric.agent.desired.InstanceId("d", "WebRole", 3))).isEqualTo("webrole-3");
        assertThat(Hostnames.of(new dev.fabric.agent.desired.InstanceId("d", "__", 0))).isEqualTo("instance-0");
        assertThat(Hostnames.of(new dev.fabric.agent.desired.InstanceId("d", "x".repeat(100), 12))).hasSize(63).endsWith("x-12");
    }
}
