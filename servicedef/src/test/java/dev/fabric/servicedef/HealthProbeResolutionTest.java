package dev.fabric.servicedef;

import dev.fabric.servicedef.model.HealthProbe;
import dev.fabric.servicedef.model.HealthProbe.Protocol;
import dev.fabric.servicedef.model.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which health probe each role gets: a declared LoadBalancerProbe, the default, or none. */
class HealthProbeResolutionTest {
    @TempDir
    Path dir;

    private Validation load(String defBody) {
        return new Xml(dir).load(Xml.def(defBody));
    }

    private Role role(String defBody, String name) {
        Validation v = load(defBody);
        assertThat(v.errors()).isEmpty();
        return v.service().orElseThrow().roles().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> messages(Validation v) {
        return v.errors().stream().map(Diagnostic::message).toList();
    }

    @Test
    void declaredHttpProbeIsTheRolesProbeWithItsPortPathAndTimes() {
        Role web = role("""
                <LoadBalancerProbes>
                  <LoadBalancerProbe name="Lobby" protocol="http" port="9090" path="/healthz" intervalInSeconds="5" timeoutInSeconds="11"/>
                </LoadBalancerProbes>
                <WebRole name="Web"><Endpoints>
                  <InternalEndpoint name="Peer" protocol="tcp" port="7000"/>
                  <InputEndpoint name="HttpIn" protocol="http" port="80" localPort="8080" loadBalancerProbe="Lobby"/>
                </Endpoints></WebRole>""", "Web");

        assertThat(web.healthProbe()).contains(new HealthProbe(Protocol.HTTP, 9090, "/healthz", Duration.ofSeconds(5),
                Duration.ofSeconds(11), "LoadBalancerProbe Lobby"));
        assertThat(web.healthProbe().get().target()).isEqualTo("http 9090 /healthz");
    }

    @Test
    void declaredProbeWithoutPortOrTimesUsesTheEndpointsLocalPortAndAzureDefaults() {
        Role web = role("""
                <LoadBalancerProbes><LoadBalancerProbe name="P" protocol="TCP"/></LoadBalancerProbes>
                <WebRole name="Web"><Endpoints>
                  <InputEndpoint name="HttpIn" protocol="http" port="80" localPort="8080"/>
                  <InputEndpoint name="Admin" protocol="tcp" port="81" localPort="8181" loadBalancerProbe="P"/>
                </Endpoints></WebRole>""", "Web");

        assertThat(web.healthProbe()).contains(new HealthProbe(Protocol.TCP, 8181, "/", Duration.ofSeconds(15),
                Duration.ofSeconds(31), "LoadBalancerProbe P"));
    }

    @Test
    void declaredProbeOnADynamicLocalPortProbesThePortFabricAssigned() {
        Role web = role("""
                <LoadBalancerProbes><LoadBalancerProbe name="P" protocol="http" path="health"/></LoadBalancerProbes>
                <WebRole name="Web"><Endpoints>
                  <InputEndpoint name="HttpIn" protocol="http" port="80" localPort="*" loadBalancerProbe="P"/>
                </Endpoints></WebRole>""", "Web");

        int assigned = ((dev.fabric.servicedef.model.Endpoint.Input) web.endpoints().get(0)).localPort();
        assertThat(web.healthProbe().orElseThrow().port()).isEqualTo(assigned);
        assertThat(web.healthProbe().orElseThrow().path()).isEqualTo("/health");
    }

    @Test
    void withoutADeclaredProbeTheDefaultIsATcpConnectToTheFirstTcpEndpointsLocalPort() {
        Role worker = role("""
                <WorkerRole name="W"><Endpoints>
                  <InstanceInputEndpoint name="Game" protocol="udp" localPort="7777">
                    <AllocatePublicPortFrom><FixedPortRange min="27015" max="27016"/></AllocatePublicPortFrom>
                  </InstanceInputEndpoint>
                  <InputEndpoint name="Status" protocol="tcp" port="8081" localPort="8080"/>
                  <InternalEndpoint name="Api" protocol="http" port="9100"/>
                </Endpoints></WorkerRole>""", "W");

        assertThat(worker.healthProbe()).contains(new HealthProbe(Protocol.TCP, 8080, "/", Duration.ofSeconds(15),
                Duration.ofSeconds(31), "default: InputEndpoint Status"));
    }

    @Test
    void defaultProbeMayBeAnInternalEndpointsFirstPort() {
        Role worker = role("""
                <WorkerRole name="W"><Endpoints>
                  <InternalEndpoint name="All" protocol="any"/>
                  <InternalEndpoint name="Range" protocol="tcp"><FixedPortRange min="9000" max="9009"/></InternalEndpoint>
                </Endpoints></WorkerRole>""", "W");

        assertThat(worker.healthProbe().orElseThrow().target()).isEqualTo("tcp 9000");
        assertThat(worker.healthProbe().orElseThrow().source()).isEqualTo("default: InternalEndpoint Range");
    }

    @Test
    void aRoleWithoutEndpointsOrWithOnlyUdpHasNoProbe() {
        String def = """
                <WorkerRole name="Quiet"/>
                <WorkerRole name="Udp"><Endpoints><InputEndpoint name="U" protocol="udp" port="53"/></Endpoints></WorkerRole>""";

        assertThat(role(def, "Quiet").healthProbe()).isEmpty();
        assertThat(role(def, "Udp").healthProbe()).isEmpty();
    }

    @Test
    void probeAttributesAreCheckedAgainstAzuresLimits() {
        Validation v = load("""
                <LoadBalancerProbes>
                  <LoadBalancerProbe name="NoPath" protocol="http" port="80"/>
                  <LoadBalancerProbe name="Fast" protocol="tcp" intervalInSeconds="1" timeoutInSeconds="10"/>
                  <LoadBalancerProbe name="Words" protocol="tcp" intervalInSeconds="often"/>
                </LoadBalancerProbes>
                <WebRole name="A"><Endpoints><InputEndpoint name="H" protocol="http" port="80" loadBalancerProbe="NoPath"/></Endpoints></WebRole>""");

        assertThat(messages(v)).containsExactly(
                "LoadBalancerProbe NoPath has protocol http but no path; add path=\"/...\" (the URL path that answers 200"
                        + " when the instance is healthy)",
                "intervalInSeconds of LoadBalancerProbe Fast is 1, outside 5-86400",
                "timeoutInSeconds of LoadBalancerProbe Fast is 10, outside 11-86400",
                "intervalInSeconds of LoadBalancerProbe Words is \"often\", not a whole number from 5 to 86400");
        assertThat(v.service()).isEmpty();
    }

    @Test
    void gameServerExampleProbesTheLobbyOverHttpAndTheMatchServerByDefault() {
        Validation v = ServiceDefinitions.load(Path.of("../examples/gameserver/ServiceDefinition.csdef"),
                Path.of("../examples/gameserver/ServiceConfiguration.Cloud.cscfg"));
        List<Role> roles = v.service().orElseThrow().roles();

        assertThat(roles.get(0).healthProbe().orElseThrow().target()).isEqualTo("http 8080 /healthz");
        assertThat(roles.get(1).healthProbe().orElseThrow().target()).isEqualTo("tcp 8080");
        assertThat(roles.get(1).healthProbe().orElseThrow().source()).isEqualTo("default: InstanceInputEndpoint AdminTcp");
    }
}
