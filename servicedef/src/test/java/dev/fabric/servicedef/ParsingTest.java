package dev.fabric.servicedef;

import dev.fabric.servicedef.model.Endpoint;
import dev.fabric.servicedef.model.Role;
import dev.fabric.servicedef.model.RoleKind;
import dev.fabric.servicedef.model.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ParsingTest {
    @TempDir
    Path dir;

    private Xml xml() {
        return new Xml(dir);
    }

    private static final String ROLE_PARTS_A = """
              <WebRole name="Web" vmsize="Medium">
                <Sites><Site name="Web"><Bindings><Binding name="H" endpointName="HttpIn"/></Bindings></Site></Sites>
                <ConfigurationSettings><Setting name="Greeting"/></ConfigurationSettings>
                <Endpoints>
                  <InputEndpoint name="HttpIn" protocol="http" port="80" localPort="8080"/>
                  <InternalEndpoint name="Admin" protocol="tcp" port="9001"/>
                </Endpoints>
                <Imports><Import moduleName="Diagnostics"/></Imports>
              </WebRole>""";

    private static final String ROLE_PARTS_B = """
              <WebRole vmsize="Medium" name="Web">
                <Imports><Import moduleName="Diagnostics"/></Imports>
                <Endpoints>
                  <InternalEndpoint port="9001" protocol="tcp" name="Admin"/>
                  <InputEndpoint localPort="8080" port="80" protocol="http" name="HttpIn"/>
                </Endpoints>
                <ConfigurationSettings><Setting name="Greeting"/></ConfigurationSettings>
                <Sites><Site name="Web"><Bindings><Binding name="H" endpointName="HttpIn"/></Bindings></Site></Sites>
              </WebRole>""";

    @Test
    void childOrderDoesNotMatter() {
        Service a = xml().load(Xml.def(ROLE_PARTS_A)).service().orElseThrow();
        Service b = xml().load(Xml.def(ROLE_PARTS_B)).service().orElseThrow();

        Role ra = a.role("Web").orElseThrow();
        Role rb = b.role("Web").orElseThrow();
        assertThat(rb.size()).isEqualTo(ra.size());
        assertThat(rb.endpoints()).containsExactlyInAnyOrderElementsOf(ra.endpoints());
    }

    @Test
    void crlfTabsMissingDeclarationAndExtraNamespacesAreFine() {
        String text = "<ServiceDefinition xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" name=\"svc\"\r\n"
                + "\txmlns=\"" + Xml.DEF_NS + "\" xmlns:foo=\"urn:unused\" xsi:schemaLocation=\"x y\">\r\n"
                + "\t<WorkerRole name=\"Work.Role 1\">\r\n"
                + "\t\t<Endpoints>\r\n"
                + "\t\t\t<InternalEndpoint name=\"Jobs\" protocol=\"tcp\" port=\"9000\" />\r\n"
                + "\t\t</Endpoints>\r\n"
                + "\t</WorkerRole>\r\n"
                + "</ServiceDefinition>\r\n";

        Validation v = xml().load(text);

        assertThat(v.diagnostics()).isEmpty();
        Role role = v.service().orElseThrow().role("Work.Role 1").orElseThrow();
        assertThat(role.kind()).isEqualTo(RoleKind.WORKER);
        assertThat(role.size().name()).isEqualTo("Small");
        assertThat(role.instanceCount()).isEqualTo(1);
    }

    @Test
    void utf8ByteOrderMarkIsAccepted() throws Exception {
        byte[] body = Xml.def("<WebRole name=\"W\"/>").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xef;
        withBom[1] = (byte) 0xbb;
        withBom[2] = (byte) 0xbf;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Path f = Files.write(dir.resolve("bom.csdef"), withBom);

        assertThat(ServiceDefinitions.load(f, null).service()).isPresent();
    }

    @Test
    void positionsAreLineAndColumnOfTheElementInACrlfFileWithTabs() {
        String text = "<ServiceDefinition name=\"svc\" xmlns=\"" + Xml.DEF_NS + "\">\r\n"
                + "\t<WebRole name=\"W\">\r\n"
                + "\t\t<Endpoints>\r\n"
                + "\t\t\t<Endpoint name=\"X\"\r\n     protocol=\"tcp\"/>\r\n"
                + "\t\t</Endpoints>\r\n"
                + "\t</WebRole>\r\n"
                + "</ServiceDefinition>\r\n";

        Validation v = xml().load(text);

        assertThat(v.errors()).singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(4);
            assertThat(d.column()).isEqualTo(4);
            assertThat(d.message()).startsWith("unknown element <Endpoint> in <Endpoints>");
        });
    }

    @Test
    void attributeErrorsPointAtTheAttribute() {
        Validation v = xml().load(Xml.def("""
                  <WebRole name="W">
                    <Endpoints>
                      <InputEndpoint name="H" protocol="tcp"
                          port="99999"/>
                    </Endpoints>
                  </WebRole>"""));

        assertThat(v.errors()).singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(6);
            assertThat(d.column()).isEqualTo(9); // the 'p' of port="99999", after 8 spaces
            assertThat(d.message()).isEqualTo("port of InputEndpoint H is 99999, outside 1-65535");
        });
    }

    @Test
    void ignoredElementsAreReportedNotRejected() {
        Validation v = xml().load(Xml.def("""
                  <WorkerRole name="W">
                    <Runtime executionContext="elevated"><EntryPoint><ProgramEntryPoint commandLine="x" setReadyOnProcessStart="true"/></EntryPoint></Runtime>
                    <Startup><Task commandLine="a.cmd" taskType="simple"/></Startup>
                    <LocalStorage name="old" sizeInMB="10"/>
                    <LocalResources><LocalStorage name="new"/></LocalResources>
                    <Certificates><Certificate name="c" storeLocation="LocalMachine" storeName="My"/></Certificates>
                    <Contents><Content destination="x"><SourceDirectory path="y"/></Content></Contents>
                    <Imports>
                      <Import moduleName="RemoteForwarder"/>
                      <Import moduleName="RemoteAccess"/>
                      <Import moduleName="WebDeploy"/>
                      <Import moduleName="Caching"/>
                    </Imports>
                    <Certificates/>
                  </WorkerRole>"""));

        assertThat(v.errors()).isEmpty();
        assertThat(v.ignored()).containsExactly(
                "ignored: Runtime (role W)",
                "ignored: Startup (role W)",
                "ignored: LocalStorage (role W)",
                "ignored: LocalResources (role W)",
                "ignored: Certificates (role W)",
                "ignored: Contents (role W)",
                "ignored: Import RemoteForwarder (role W; does not open input tcp 3389)",
                "ignored: Import RemoteAccess (role W; does not open its internal endpoint tcp 3389)",
                "ignored: Import WebDeploy (role W; does not open input tcp 8172)",
                "ignored: Import Caching (role W; does not open its internal endpoints (memcache tcp 11211, cache cluster ports))");
        assertThat(v.service().orElseThrow().role("W").orElseThrow().endpoints()).isEmpty();
    }

    @Test
    void unknownAttributeIsAWarningNotAnError() {
        Validation v = xml().load(Xml.def("""
                  <WebRole name="W">
                    <Endpoints><InputEndpoint name="H" protocol="tcp" port="80" locaPort="8080"/></Endpoints>
                  </WebRole>"""));

        assertThat(v.errors()).isEmpty();
        assertThat(v.warnings()).singleElement().satisfies(d ->
                assertThat(d.message()).startsWith("unknown attribute 'locaPort' on InputEndpoint is ignored"));
        Endpoint.Input in = (Endpoint.Input) v.service().orElseThrow().roles().get(0).endpoints().get(0);
        assertThat(in.localPort()).isEqualTo(80);
    }

    @Test
    void cscfgNetworkExtrasAreIgnoredAndEndpointAclSpellingsBothWork() {
        String def = Xml.def("""
                  <WebRole name="W">
                    <Endpoints>
                      <InputEndpoint name="A" protocol="tcp" port="80"/>
                      <InputEndpoint name="B" protocol="tcp" port="81"/>
                    </Endpoints>
                  </WebRole>""");
        String cfg = Xml.cfg("""
                  <Role name="W"><Instances count="1"/><Certificates><Certificate name="c" thumbprint="00" thumbprintAlgorithm="sha1"/></Certificates></Role>
                  <NetworkConfiguration>
                    <AccessControls>
                      <AccessControl name="acl"><Rule order="2" action="deny" remoteSubnet="0.0.0.0/0"/><Rule order="1" action="permit" remoteSubnet="10.0.0.0/8"/></AccessControl>
                    </AccessControls>
                    <EndpointAcls>
                      <EndpointAcl role="W" endpoint="A" accessControl="acl"/>
                      <EndpointAcl role="W" endPoint="B" accessControl="acl"/>
                    </EndpointAcls>
                    <VirtualNetworkSite name="net"/>
                    <AddressAssignments><InstanceAddress roleName="W"><Subnets><Subnet name="s"/></Subnets></InstanceAddress></AddressAssignments>
                  </NetworkConfiguration>""");

        Validation v = xml().load(def, cfg);

        assertThat(v.diagnostics()).isEmpty();
        Role w = v.service().orElseThrow().role("W").orElseThrow();
        for (Endpoint e : w.endpoints()) {
            assertThat(((Endpoint.Input) e).acl()).extracting(r -> r.order()).containsExactly(1, 2);
        }
        assertThat(v.ignored()).contains("ignored: Certificates (cscfg role W)",
                "ignored: NetworkConfiguration/VirtualNetworkSite",
                "ignored: NetworkConfiguration/AddressAssignments (instance addresses and public IPs)");
    }
}
