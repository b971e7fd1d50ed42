package dev.fabric.firewall.compile;

import dev.fabric.firewall.placement.HostDeployment;
import dev.fabric.firewall.placement.HostNetwork;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.Ipv4Subnet;
import dev.fabric.firewall.placement.SamplePlacement;
import dev.fabric.firewall.ruleset.NftRenderer;
import dev.fabric.nativelib.nftables.Nftables;
import dev.fabric.servicedef.model.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiler's output for each kind of definition, compared with a reviewed file under
 * src/test/resources/golden, and checked by real libnftables (dry run). Regenerate after a
 * deliberate change with {@code -Dgolden.update=true} and review the diff.
 */
class GoldenRulesetTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");
    static final Ipv4Subnet SUBNET = Ipv4Subnet.parse("10.213.0.0/24");
    static final HostNetwork NET = SamplePlacement.network(SUBNET, Ipv4Address.parse("10.213.255.1"));

    private static Nftables nft;

    @BeforeAll
    static void open() {
        nft = Nftables.open();
    }

    @AfterAll
    static void close() {
        nft.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("empty-host", List.of()),
                Arguments.of("web-farm", List.of(place("farm", Services.webFarm()))),
                Arguments.of("instance-input", List.of(place("remote", Services.instanceInput()))),
                Arguments.of("internal-traffic-rules", List.of(place("shop", Services.internalTrafficRules()))),
                Arguments.of("internal-any", List.of(place("grid", Services.internalAny()))),
                Arguments.of("acls", List.of(place("secure", Services.acls()))),
                Arguments.of("dynamic-ports", List.of(place("dyn", Services.dynamicPorts()))));
    }

    static HostDeployment place(String name, Service s) {
        return SamplePlacement.place(name, s, SUBNET);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesGoldenFileAndPassesNftCheck(String name, List<HostDeployment> deployments) throws IOException {
        String text = NftRenderer.replace(new NftRulesetCompiler().compile(deployments, NET));
        Path golden = GOLDEN.resolve(name + ".nft");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, text);
        }
        assertThat(golden).as("golden file (create with -Dgolden.update=true)").exists();
        assertThat(text).isEqualTo(Files.readString(golden));
        nft.check(text);
    }
}
