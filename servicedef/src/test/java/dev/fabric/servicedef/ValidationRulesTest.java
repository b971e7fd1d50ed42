package dev.fabric.servicedef;

import dev.fabric.servicedef.model.Endpoint;
import dev.fabric.servicedef.model.PortRange;
import dev.fabric.servicedef.model.Role;
import dev.fabric.servicedef.model.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One test (at least) per validation rule; messages are part of the contract, so they are compared exactly. */
class ValidationRulesTest {
    @TempDir
    Path dir;

    private Validation load(String defBody) {
        return new Xml(dir).load(Xml.def(defBody));
    }

    private Validation load(String defBody, String cfgBody) {
        return new Xml(dir).load(Xml.def(defBody), Xml.cfg(cfgBody));
    }

    private static List<String> messages(Validation v) {
        return v.errors().stream().map(Diagnostic::message).toList();
    }

    private static String worker(String endpoints) {
        return "<WorkerRole name=\"W\"><Endpoints>" + endpoints + "</Endpoints></WorkerRole>";
    }

    @Test
    void portsMustBeWholeNumbersFrom1To65535() {
        Validation v = load(worker("""
                <InputEndpoint name="A" protocol="tcp" port="0"/>
                <InputEndpoint name="B" protocol="tcp" port="65536"/>
                <InputEndpoint name="C" protocol="tcp" port="8o"/>
                <InputEndpoint name="D" protocol="tcp" port="65535" localPort="1"/>"""));

        assertThat(messages(v)).containsExactly(
                "port of InputEndpoint A is 0, outside 1-65535",
                "port of InputEndpoint B is 65536, outside 1-65535",
                "port of InputEndpoint C is \"8o\", not a whole number from 1 to 65535");
    }

    @Test
    void duplicateEndpointNamesInARoleAreAnError() {
        Validation v = load(worker("""
                <InputEndpoint name="E" protocol="tcp" port="80"/>
                <InternalEndpoint name="E" protocol="tcp" port="90"/>"""));

        assertThat(messages(v)).singleElement().asString()
                .startsWith("duplicate endpoint name 'E' in role W (first declared at ");
    }

    @Test
    void samePublicPortTwiceInTheServiceIsAnErrorEvenAcrossProtocolsAndRoles() {
        Validation v = load("""
                <WebRole name="A"><Endpoints><InputEndpoint name="H" protocol="http" port="80"/></Endpoints></WebRole>
                <WorkerRole name="B"><Endpoints><InputEndpoint name="U" protocol="udp" port="80"/></Endpoints></WorkerRole>""");

        assertThat(messages(v)).singleElement().asString().startsWith(
                "public port 80 of InputEndpoint U (role B) conflicts with public port 80 of InputEndpoint H (role A) at 3:");
    }

    @Test
    void instanceInputRangeOverlappingAnInputPortIsAnError() {
        Validation v = load(worker("""
                <InputEndpoint name="H" protocol="tcp" port="10005"/>
                <InstanceInputEndpoint name="I" protocol="tcp" localPort="22">
                  <AllocatePublicPortFrom><FixedPortRange min="10000" max="10009"/></AllocatePublicPortFrom>
                </InstanceInputEndpoint>"""));

        assertThat(messages(v)).singleElement().asString().startsWith(
                "public ports 10000-10009 of InstanceInputEndpoint I (role W) conflict with public port 10005 of InputEndpoint H (role W)");
    }

    @Test
    void instanceInputSharingTheLocalPortOfAnInputEndpointIsLegal() {
        Validation v = load(worker("""
                <InputEndpoint name="H" protocol="tcp" port="80" localPort="8080"/>
                <InstanceInputEndpoint name="I" protocol="tcp" localPort="8080">
                  <AllocatePublicPortFrom><FixedPortRange min="10000" max="10009"/></AllocatePublicPortFrom>
                </InstanceInputEndpoint>"""));

        assertThat(v.errors()).isEmpty();
    }

    @Test
    void internalPortThatIsAlsoAPublicLocalPortIsAnErrorButOtherTransportsMayShareIt() {
        Validation v = load(worker("""
                <InputEndpoint name="H" protocol="http" port="80" localPort="9000"/>
                <InternalEndpoint name="T" protocol="tcp" port="9000"/>
                <InternalEndpoint name="U" protocol="udp" port="9000"/>
                <InternalEndpoint name="Any" protocol="any"/>"""));

        assertThat(messages(v)).singleElement().asString().startsWith(
                "port 9000 of InternalEndpoint T (tcp) overlaps local port 9000 of InputEndpoint H (tcp) at ");
    }

    @Test
    void invertedRangeIsAnError() {
        Validation v = load(worker("""
                <InternalEndpoint name="R" protocol="tcp"><FixedPortRange min="9010" max="9000"/></InternalEndpoint>"""));

        assertThat(messages(v)).containsExactly("FixedPortRange of InternalEndpoint R is empty: min 9010 is greater than max 9000");
    }

    @Test
    void rangeMissingABoundIsAnError() {
        Validation v = load(worker("""
                <InternalEndpoint name="R" protocol="tcp"><FixedPortRange min="9010"/></InternalEndpoint>"""));

        assertThat(messages(v)).containsExactly("FixedPortRange is missing required attribute 'max'");
    }

    @Test
    void instanceInputRangeMustHoldOnePortPerInstance() {
        String def = worker("""
                <InstanceInputEndpoint name="I" protocol="udp" localPort="7777">
                  <AllocatePublicPortFrom><FixedPortRange min="27015" max="27016"/></AllocatePublicPortFrom>
                </InstanceInputEndpoint>""");

        assertThat(load(def, "<Role name=\"W\"><Instances count=\"2\"/></Role>").errors()).isEmpty();
        assertThat(messages(load(def, "<Role name=\"W\"><Instances count=\"3\"/></Role>"))).containsExactly(
                "InstanceInputEndpoint I of role W has 2 public ports (27015-27016) for 3 instances; "
                        + "widen its FixedPortRange to at least 3 ports");
    }

    @Test
    void rolesMustMatchBetweenDefinitionAndConfiguration() {
        Validation v = load("<WebRole name=\"A\"/><WorkerRole name=\"B\"/>",
                "<Role name=\"A\"><Instances count=\"1\"/></Role><Role name=\"C\"><Instances count=\"1\"/></Role>");

        assertThat(messages(v)).containsExactly(
                "role 'B' has no <Role name=\"B\"> in s.cscfg; add it with an <Instances count=\"1\"/>",
                "role 'C' is not defined in the csdef (roles: A, B)");
    }

    @Test
    void instanceCountMustBeAtLeastOne() {
        Validation v = load("<WebRole name=\"A\"/>", "<Role name=\"A\"><Instances count=\"0\"/></Role>");

        assertThat(messages(v)).containsExactly("instance count of role A is 0, outside 1-1000");
    }

    @Test
    void missingInstancesElementIsAnError() {
        Validation v = load("<WebRole name=\"A\"/>", "<Role name=\"A\"/>");

        assertThat(messages(v)).containsExactly("Role A has no <Instances count=\"..\"/> element");
    }

    @Test
    void unknownVmSizeSaysWhereSizesAreDefined() {
        Validation v = load("<WebRole name=\"A\" vmsize=\"Huge\"/>");

        assertThat(messages(v)).singleElement().asString()
                .startsWith("unknown vmsize 'Huge' for role A; the built-in sizes are ExtraSmall, Small")
                .contains("/etc/fabric/vm-sizes.conf", "$FABRIC_VM_SIZES");
    }

    @Test
    void trafficRulesMustNameExistingRolesAndInternalEndpoints() {
        Validation v = load("""
                <WebRole name="Web"><Endpoints><InputEndpoint name="H" protocol="http" port="80"/></Endpoints></WebRole>
                <WorkerRole name="Work"><Endpoints><InternalEndpoint name="J" protocol="tcp" port="9000"/></Endpoints></WorkerRole>
                <NetworkTrafficRules><OnlyAllowTrafficTo>
                  <Destinations>
                    <RoleEndpoint endpointName="J" roleName="Nope"/>
                    <RoleEndpoint endpointName="K" roleName="Work"/>
                    <RoleEndpoint endpointName="H" roleName="Web"/>
                  </Destinations>
                  <WhenSource matches="AnyRule"><FromRole roleName="Ghost"/></WhenSource>
                </OnlyAllowTrafficTo></NetworkTrafficRules>""");

        assertThat(messages(v)).containsExactly(
                "RoleEndpoint names role 'Nope', which the service does not define (roles: Web, Work)",
                "RoleEndpoint names endpoint 'K', which role Work does not declare (its endpoints: J)",
                "RoleEndpoint names InputEndpoint H of role Web; NetworkTrafficRules apply to InternalEndpoints only",
                "FromRole names role 'Ghost', which the service does not define (roles: Web, Work)");
    }

    @Test
    void trafficRulesNarrowInternalEndpointsAndAddUpAcrossRulesAndSiblings() {
        Validation v = load("""
                <WebRole name="Web"/>
                <WorkerRole name="Work"><Endpoints>
                  <InternalEndpoint name="J" protocol="tcp" port="9000"/>
                  <InternalEndpoint name="Open" protocol="tcp" port="9001"/>
                  <InternalEndpoint name="All" protocol="tcp" port="9002"/>
                </Endpoints></WorkerRole>
                <WorkerRole name="Other"/>
                <NetworkTrafficRules><OnlyAllowTrafficTo>
                  <Destinations><RoleEndpoint endpointName="J" roleName="Work"/></Destinations>
                  <WhenSource matches="AnyRule"><FromRole roleName="Web"/></WhenSource>
                </OnlyAllowTrafficTo></NetworkTrafficRules>
                <NetworkTrafficRules><OnlyAllowTrafficTo>
                  <Destinations><RoleEndpoint endpointName="J" roleName="Work"/></Destinations>
                  <WhenSource matches="AnyRule"><FromRole roleName="Other"/></WhenSource>
                </OnlyAllowTrafficTo>
                <OnlyAllowTrafficTo>
                  <Destinations><RoleEndpoint endpointName="All" roleName="Work"/></Destinations>
                  <AllowAllTraffic/>
                </OnlyAllowTrafficTo></NetworkTrafficRules>""");

        Role work = v.service().orElseThrow().role("Work").orElseThrow();
        assertThat(internal(work, "J").allowedFromRoles()).containsExactlyInAnyOrder("Web", "Other");
        assertThat(internal(work, "Open").allowedFromRoles()).containsExactlyInAnyOrder("Web", "Work", "Other");
        assertThat(internal(work, "All").allowedFromRoles()).containsExactlyInAnyOrder("Web", "Work", "Other");
    }

    @Test
    void allowAllTrafficNextToFromRoleWarnsThatNothingIsNarrowed() {
        Validation v = load("""
                <WebRole name="Web"/>
                <WorkerRole name="Work"><Endpoints><InternalEndpoint name="J" protocol="tcp" port="9000"/></Endpoints></WorkerRole>
                <NetworkTrafficRules><OnlyAllowTrafficTo>
                  <Destinations><RoleEndpoint endpointName="J" roleName="Work"/></Destinations>
                  <AllowAllTraffic/>
                  <WhenSource matches="AnyRule"><FromRole roleName="Web"/></WhenSource>
                </OnlyAllowTrafficTo></NetworkTrafficRules>""");

        assertThat(v.errors()).isEmpty();
        assertThat(v.warnings()).singleElement().satisfies(d -> assertThat(d.message()).contains("narrows nothing"));
        assertThat(internal(v.service().orElseThrow().role("Work").orElseThrow(), "J").allowedFromRoles())
                .containsExactlyInAnyOrder("Web", "Work");
    }

    @Test
    void endpointAclsMustNameExistingRolesInputEndpointsAndAccessControls() {
        Validation v = load("""
                <WebRole name="Web"><Endpoints>
                  <InputEndpoint name="H" protocol="http" port="80"/>
                  <InternalEndpoint name="I" protocol="tcp" port="9000"/>
                </Endpoints></WebRole>""", """
                <Role name="Web"><Instances count="1"/></Role>
                <NetworkConfiguration>
                  <AccessControls><AccessControl name="acl"><Rule order="1" action="permit" remoteSubnet="10.0.0.0/8"/></AccessControl></AccessControls>
                  <EndpointAcls>
                    <EndpointAcl role="Wbe" endpoint="H" accessControl="acl"/>
                    <EndpointAcl role="Web" endpoint="X" accessControl="acl"/>
                    <EndpointAcl role="Web" endpoint="H" accessControl="lca"/>
                    <EndpointAcl role="Web" endpoint="I" accessControl="acl"/>
                  </EndpointAcls>
                </NetworkConfiguration>""");

        assertThat(messages(v)).containsExactly(
                "EndpointAcl names role 'Wbe', which the csdef does not define (roles: Web)",
                "EndpointAcl names endpoint 'X', which role Web does not declare (its endpoints: H, I)",
                "EndpointAcl names access control 'lca', which NetworkConfiguration/AccessControls does not define (defined: acl)",
                "EndpointAcl names InternalEndpoint I of role Web; ACLs apply to InputEndpoints and InstanceInputEndpoints, "
                        + "use NetworkTrafficRules for internal ones");
    }

    @Test
    void remoteSubnetMustBeAnIpv4CidrWithoutHostBits() {
        Validation v = load("<WebRole name=\"Web\"/>", """
                <Role name="Web"><Instances count="1"/></Role>
                <NetworkConfiguration><AccessControls><AccessControl name="acl">
                  <Rule order="1" action="permit" remoteSubnet="10.0.0.0"/>
                  <Rule order="2" action="permit" remoteSubnet="10.0.0.0/40"/>
                  <Rule order="3" action="permit" remoteSubnet="300.0.0.0/8"/>
                  <Rule order="4" action="permit" remoteSubnet="192.168.1.1/24"/>
                  <Rule order="5" action="PERMIT" remoteSubnet="0.0.0.0/0"/>
                </AccessControl></AccessControls></NetworkConfiguration>""");

        assertThat(messages(v)).containsExactly(
                "remoteSubnet \"10.0.0.0\" of a Rule in AccessControl acl is not an IPv4 subnet in CIDR form such as 10.0.0.0/8",
                "remoteSubnet \"10.0.0.0/40\" of a Rule in AccessControl acl has the prefix length /40, above /32",
                "remoteSubnet \"300.0.0.0/8\" of a Rule in AccessControl acl has the octet 300, above 255",
                "remoteSubnet \"192.168.1.1/24\" of a Rule in AccessControl acl has host bits set; the subnet is 192.168.1.0/24");
    }

    @Test
    void aclRulesAreSortedByOrderOnTheEndpoint() {
        Validation v = load("""
                <WebRole name="Web"><Endpoints>
                  <InstanceInputEndpoint name="I" protocol="tcp" localPort="22">
                    <AllocatePublicPortFrom><FixedPortRange min="2200" max="2201"/></AllocatePublicPortFrom>
                  </InstanceInputEndpoint>
                </Endpoints></WebRole>""", """
                <Role name="Web"><Instances count="2"/></Role>
                <NetworkConfiguration>
                  <AccessControls><AccessControl name="acl">
                    <Rule order="300" action="deny" remoteSubnet="0.0.0.0/0" description="rest"/>
                    <Rule order="100" action="permit" remoteSubnet="203.0.113.0/24"/>
                  </AccessControl></AccessControls>
                  <EndpointAcls><EndpointAcl role="Web" endPoint="I" accessControl="acl"/></EndpointAcls>
                </NetworkConfiguration>""");

        Endpoint.InstanceInput ii = (Endpoint.InstanceInput) v.service().orElseThrow().roles().get(0).endpoints().get(0);
        assertThat(ii.acl()).extracting(r -> r.order() + " " + r.action() + " " + r.remoteSubnet())
                .containsExactly("100 PERMIT 203.0.113.0/24", "300 DENY 0.0.0.0/0");
        assertThat(ii.publicPorts()).isEqualTo(new PortRange(2200, 2201));
    }

    @Test
    void duplicateRoleNamesAreAnError() {
        Validation v = load("<WebRole name=\"A\"/><WorkerRole name=\"A\"/>");

        assertThat(messages(v)).singleElement().asString().startsWith("duplicate role name 'A' (first declared at 3:");
    }

    @Test
    void missingRequiredAttributesAreNamed() {
        Validation v = load(worker("""
                <InputEndpoint protocol="tcp" port="80"/>
                <InternalEndpoint name="I"/>
                <InternalEndpoint name=" " protocol="tcp"/>"""));

        assertThat(messages(v)).containsExactly(
                "InputEndpoint is missing required attribute 'name'",
                "InternalEndpoint is missing required attribute 'protocol'",
                "attribute 'name' of InternalEndpoint is empty");
    }

    @Test
    void protocolsAreCheckedPerEndpointKind() {
        Validation v = load(worker("""
                <InputEndpoint name="A" protocol="any" port="80"/>
                <InternalEndpoint name="B" protocol="https" port="81"/>
                <InstanceInputEndpoint name="C" protocol="http" localPort="82">
                  <AllocatePublicPortFrom><FixedPortRange min="1000" max="1001"/></AllocatePublicPortFrom>
                </InstanceInputEndpoint>"""));

        assertThat(messages(v)).containsExactly(
                "protocol \"any\" of InputEndpoint A is not allowed; use one of: http, https, tcp, udp",
                "protocol \"https\" of InternalEndpoint B is not allowed; use one of: any, http, tcp, udp",
                "protocol \"http\" of InstanceInputEndpoint C is not allowed; use one of: tcp, udp");
    }

    @Test
    void wrongRootOrNamespaceIsAClearError() {
        Xml xml = new Xml(dir);
        Validation noNs = xml.load("<ServiceDefinition name=\"x\"><WebRole name=\"A\"/></ServiceDefinition>");

        assertThat(messages(noNs)).singleElement().asString()
                .startsWith("root element is <ServiceDefinition> without a namespace; a service definition (.csdef) starts with");
    }

    @Test
    void settingWarningsAndServiceNameMismatchDoNotFailValidation() {
        String def = "<WebRole name=\"A\"><ConfigurationSettings><Setting name=\"Declared\"/></ConfigurationSettings></WebRole>";
        String cfg = "<?xml version=\"1.0\"?><ServiceConfiguration serviceName=\"other\" xmlns=\"" + Xml.CFG_NS + "\">"
                + "<Role name=\"A\"><Instances count=\"1\"/><ConfigurationSettings><Setting name=\"Extra\" value=\"1\"/>"
                + "</ConfigurationSettings></Role></ServiceConfiguration>";

        Validation v = new Xml(dir).load(Xml.def(def), cfg);

        assertThat(v.errors()).isEmpty();
        assertThat(v.warnings()).extracting(Diagnostic::message).containsExactlyInAnyOrder(
                "serviceName 'other' differs from the csdef's name 'svc'; the csdef's name is used",
                "setting 'Extra' is not declared for role A in the csdef; its value is not delivered",
                "setting 'Declared' declared for role A in the csdef has no value in the configuration; the role gets none");
        assertThat(v.service().orElseThrow().role("A").orElseThrow().settings()).isEmpty();
    }

    @Test
    void pluginSettingsOfAnImportedModuleNeedNoDeclaration() {
        String def = "<WebRole name=\"A\"><Imports><Import moduleName=\"RemoteAccess\"/></Imports></WebRole>";
        String cfg = "<Role name=\"A\"><Instances count=\"1\"/><ConfigurationSettings>"
                + "<Setting name=\"Microsoft.WindowsAzure.Plugins.RemoteAccess.Enabled\" value=\"true\"/>"
                + "</ConfigurationSettings></Role>";

        Validation v = load(def, cfg);

        assertThat(v.diagnostics()).isEmpty();
    }

    @Test
    void withoutConfigurationEveryRoleHasOneInstanceAndNoSettings() {
        Validation v = load("<WebRole name=\"A\"><ConfigurationSettings><Setting name=\"S\"/></ConfigurationSettings></WebRole>");

        Role a = v.service().orElseThrow().role("A").orElseThrow();
        assertThat(a.instanceCount()).isEqualTo(1);
        assertThat(a.settings()).isEmpty();
        assertThat(v.diagnostics()).isEmpty();
    }

    @Test
    void dynamicPortsAreAssignedFrom20000InDeclarationOrderSkippingDeclaredPorts() {
        Validation v = load(worker("""
                <InternalEndpoint name="Fixed" protocol="tcp" port="20000"/>
                <InputEndpoint name="Star" protocol="tcp" port="80" localPort="*"/>
                <InternalEndpoint name="NoPort" protocol="udp"/>
                <InternalEndpoint name="Range" protocol="tcp"><FixedPortRange min="20002" max="20003"/></InternalEndpoint>
                <InternalEndpoint name="Later" protocol="tcp"/>"""));

        Role w = v.service().orElseThrow().role("W").orElseThrow();
        assertThat(((Endpoint.Input) w.endpoints().get(1)).localPort()).isEqualTo(20001);
        assertThat(internal(w, "NoPort").ports()).isEqualTo(PortRange.single(20004));
        assertThat(internal(w, "Later").ports()).isEqualTo(PortRange.single(20005));
    }

    @Test
    void protocolAnyOpensEveryPort() {
        Validation v = load(worker("<InternalEndpoint name=\"Mesh\" protocol=\"any\"/>"));

        Endpoint.Internal mesh = internal(v.service().orElseThrow().role("W").orElseThrow(), "Mesh");
        assertThat(mesh.transport()).isEqualTo(Transport.ANY);
        assertThat(mesh.ports()).isEqualTo(PortRange.all());
    }

    @Test
    void unknownLoadBalancerProbeIsAnError() {
        Validation v = load("""
                <LoadBalancerProbes><LoadBalancerProbe name="P" protocol="http" path="/" port="80"/></LoadBalancerProbes>
                <WebRole name="A"><Endpoints>
                  <InputEndpoint name="H" protocol="http" port="80" loadBalancerProbe="P"/>
                  <InputEndpoint name="G" protocol="http" port="81" loadBalancerProbe="Q"/>
                </Endpoints></WebRole>""");

        assertThat(messages(v)).containsExactly("loadBalancerProbe 'Q' of InputEndpoint G is not declared in <LoadBalancerProbes>");
    }

    @Test
    void upgradeDomainCountDefaultsToFiveAndIsChecked() {
        assertThat(load("<WebRole name=\"A\"/>").service().orElseThrow().upgradeDomainCount()).isEqualTo(5);
        Validation bad = new Xml(dir).load("<ServiceDefinition name=\"s\" upgradeDomainCount=\"0\" xmlns=\"" + Xml.DEF_NS
                + "\"><WebRole name=\"A\"/></ServiceDefinition>");
        assertThat(messages(bad)).containsExactly("upgradeDomainCount is 0, outside 1-20");
    }

    private static Endpoint.Internal internal(Role role, String name) {
        return (Endpoint.Internal) role.endpoints().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }
}
