package dev.fabric.controller.inventory;

import dev.fabric.servicedef.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InventoryParserTest {
    @TempDir
    Path dir;

    private InventoryLoad parse(String xml) throws IOException {
        Path file = dir.resolve("datacenter.xml");
        Files.writeString(file, xml);
        return new InventoryParser().parse(file);
    }

    private List<String> errors(String xml) throws IOException {
        InventoryLoad load = parse(xml);
        assertThat(load.isValid()).as("expected errors for %s", xml).isFalse();
        return load.errors().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void tenThousandAdjacentSubnetsAreValidAndOneNestedBlockAmongThemIsFound() throws IOException {
        StringBuilder xml = new StringBuilder("<Datacenter name=\"big\"><FaultDomain name=\"rack-1\">\n");
        for (int i = 0; i < 10_000; i++) {
            int sub = i * 16;
            xml.append("<Host name=\"h").append(i).append("\" address=\"10.20.").append(i / 250).append('.').append(i % 250 + 1)
                    .append("\" instanceSubnet=\"10.").append(100 + sub / 65536).append('.').append(sub / 256 % 256).append('.')
                    .append(sub % 256).append("/28\"/>\n");
        }
        assertThat(parse(xml + "</FaultDomain></Datacenter>").errors()).isEmpty();
        xml.append("<Host name=\"wide\" address=\"10.30.0.1\" instanceSubnet=\"10.101.0.0/24\"/>\n");
        assertThat(parse(xml + "</FaultDomain></Datacenter>").errors()).hasSize(16)
                .allSatisfy(e -> assertThat(e.toString()).contains("instanceSubnet 10.101.0.0/24 of host wide overlaps 10.101.0."));
    }

    @Test
    void readsHostsWithTheirFaultDomainsInFileOrder() throws IOException {
        InventoryLoad load = parse("""
                <Datacenter name="lab">
                  <!-- two racks -->
                  <FaultDomain name="rack-1">
                    <Host name="host-1" address="10.214.0.11" instanceSubnet="10.213.1.0/24"/>
                    <Host name="host-2" address="10.214.0.12" instanceSubnet="10.213.2.0/28"/>
                  </FaultDomain>
                  <FaultDomain name="rack-2">
                    <Host name="host-3" address="10.214.0.13" instanceSubnet="10.213.3.0/24"/>
                  </FaultDomain>
                </Datacenter>
                """);
        assertThat(load.diagnostics()).isEmpty();
        Inventory inventory = load.inventory().orElseThrow();
        assertThat(inventory.name()).isEqualTo("lab");
        assertThat(inventory.hosts()).containsExactly(
                new InventoryHost("host-1", "10.214.0.11", "rack-1", Ipv4Subnet.parse("10.213.1.0/24")),
                new InventoryHost("host-2", "10.214.0.12", "rack-1", Ipv4Subnet.parse("10.213.2.0/28")),
                new InventoryHost("host-3", "10.214.0.13", "rack-2", Ipv4Subnet.parse("10.213.3.0/24")));
        assertThat(inventory.faultDomains()).containsExactly("rack-1", "rack-2");
        assertThat(inventory.host("host-2").orElseThrow().instanceSubnet().instanceCapacity()).isEqualTo(5);
    }

    @Test
    void reportsEveryErrorWithFileLineAndColumn() throws IOException {
        String file = dir.resolve("datacenter.xml").toString();
        List<String> errors = errors("""
                <Datacenter name="lab" region="x">
                  <FaultDomain name="rack-1">
                    <Host name="Host_1" address="10.214.0.11" instanceSubnet="10.213.1.0/24"/>
                    <Host name="host-2" address="10.214.0.300" instanceSubnet="10.213.2.0/29"/>
                    <Host name="host-3" address="10.214.0.13" instanceSubnet="10.213.3.1/24"/>
                  </FaultDomain>
                  <Rack name="rack-2"/>
                </Datacenter>
                """);
        assertThat(errors).containsExactly(
                file + ":1:24: error: unknown attribute 'region' on <Datacenter>; known: name",
                file + ":3:11: error: host name 'Host_1' is not usable: use 1-63 lower-case letters, digits or '-',"
                        + " starting with a letter or digit (it is the CN of the host's certificate)",
                file + ":4:25: error: address '10.214.0.300' of host host-2 is not an IPv4 address (four numbers"
                        + " 0..255 without leading zeros, such as 10.214.0.11)",
                file + ":4:48: error: instanceSubnet '10.213.2.0/29' of host host-2 is a /29, too small for"
                        + " instances: use a /28 or larger",
                file + ":5:47: error: instanceSubnet '10.213.3.1/24' of host host-3 has host bits set;"
                        + " the subnet is 10.213.3.0/24",
                file + ":7:3: error: unknown element <Rack> in <Datacenter>; expected <FaultDomain>");
    }

    @Test
    void refusesDuplicateNamesAddressesAndOverlappingSubnets() throws IOException {
        List<String> errors = errors("""
                <Datacenter name="lab">
                  <FaultDomain name="rack-1">
                    <Host name="host-1" address="10.214.0.11" instanceSubnet="10.213.0.0/16"/>
                    <Host name="host-1" address="10.214.0.11" instanceSubnet="10.213.7.0/24"/>
                  </FaultDomain>
                  <FaultDomain name="rack-1">
                    <Host name="host-3" address="10.213.9.9" instanceSubnet="10.212.0.0/24"/>
                  </FaultDomain>
                </Datacenter>
                """);
        assertThat(errors).anySatisfy(e -> assertThat(e).contains(":4:11: error: host name 'host-1' is used twice (first at 3:5)"))
                .anySatisfy(e -> assertThat(e).contains(":4:25: error: address 10.214.0.11 of host host-1 is also host host-1's"))
                .anySatisfy(e -> assertThat(e).contains(":4:47: error: instanceSubnet 10.213.7.0/24 of host host-1 overlaps 10.213.0.0/16"))
                .anySatisfy(e -> assertThat(e).contains(":6:16: error: fault domain 'rack-1' is declared twice (first at 2:16)"))
                .anySatisfy(e -> assertThat(e).contains(":7:25: error: address 10.213.9.9 of host host-3 lies in the instance subnet 10.213.0.0/16"));
        assertThat(errors).hasSize(5);
    }

    @Test
    void refusesMissingAttributesUnknownChildrenAndAnEmptyDatacenter() throws IOException {
        assertThat(errors("""
                <Datacenter name="lab">
                  <FaultDomain name="rack-1">
                    <Host name="host-1" instanceSubnet=""><Nic/></Host>
                  </FaultDomain>
                </Datacenter>
                """)).hasSize(3)
                .anySatisfy(e -> assertThat(e).endsWith(":3:5: error: <Host> is missing the attribute 'address'"))
                .anySatisfy(e -> assertThat(e).endsWith(":3:25: error: attribute 'instanceSubnet' of <Host> is empty"))
                .anySatisfy(e -> assertThat(e).endsWith(":3:43: error: unknown element <Nic> in <Host>; <Host> has no child elements"));
        assertThat(errors("<Datacenter name=\"lab\"/>")).singleElement().asString()
                .contains(":1:1: error: the datacenter has no hosts");
        assertThat(errors("<ServiceDefinition name=\"lab\"/>")).singleElement().asString()
                .contains("the root element is <ServiceDefinition>");
    }

    @Test
    void refusesADoctypeAndAMissingFileAsOneError() throws IOException {
        assertThat(errors("<!DOCTYPE x [<!ENTITY e \"x\">]><Datacenter name=\"&e;\"/>")).singleElement().asString()
                .contains(":1:1: error: a DOCTYPE is not allowed");
        InventoryLoad missing = new InventoryParser().parse(dir.resolve("nope.xml"));
        assertThat(missing.errors()).singleElement().asString().endsWith("nope.xml:1:1: error: no such file");
    }

    @Test
    void anEmptyFaultDomainIsOnlyAWarning() throws IOException {
        InventoryLoad load = parse("""
                <Datacenter name="lab">
                  <FaultDomain name="rack-1"><Host name="h1" address="192.168.1.1" instanceSubnet="10.0.0.0/28"/></FaultDomain>
                  <FaultDomain name="rack-2"/>
                </Datacenter>
                """);
        assertThat(load.isValid()).isTrue();
        assertThat(load.diagnostics()).singleElement().asString().endsWith(":3:3: warning: fault domain rack-2 has no hosts");
    }

    @Test
    void subnetArithmetic() {
        Ipv4Subnet s = Ipv4Subnet.parse("10.213.1.0/28");
        assertThat(s.bridgeAddress()).isEqualTo("10.213.1.1");
        assertThat(s.instanceAddress(0)).isEqualTo("10.213.1.10");
        assertThat(s.instanceAddress(4)).isEqualTo("10.213.1.14");
        assertThat(s.overlaps(Ipv4Subnet.parse("10.213.1.0/24"))).isTrue();
        assertThat(s.overlaps(Ipv4Subnet.parse("10.213.0.0/23"))).isTrue();
        assertThat(s.overlaps(Ipv4Subnet.parse("10.213.1.16/28"))).isFalse();
        assertThat(Ipv4.parse("010.1.1.1")).isEmpty();
        assertThat(Ipv4.parse("1.2.3")).isEmpty();
        assertThat(Ipv4.format(Ipv4.parse("255.0.128.7").getAsLong())).isEqualTo("255.0.128.7");
    }
}
