package dev.fabric.lab.probe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NmapScanTest {

    // Shape of nmap 7.93's normal output for two hosts, one with no open port.
    static final String OUTPUT = """
            Starting Nmap 7.93 ( https://nmap.org ) at 2026-11-24 02:09 UTC
            Nmap scan report for 10.213.0.10
            Host is up (0.0013s latency).
            Not shown: 65534 filtered tcp ports (no-response)
            PORT     STATE SERVICE
            8080/tcp open  http-proxy

            Nmap scan report for 10.213.0.12
            Host is up.
            All 65535 scanned ports on 10.213.0.12 are in ignored states.
            Not shown: 65535 filtered tcp ports (no-response)

            Nmap done: 2 IP addresses (2 hosts up) scanned in 91.40 seconds
            """;

    @Test
    void openPortsPerReportedHostAndEmptyForAHostWithNone() {
        var open = NmapScan.parse(OUTPUT);
        assertThat(open).containsOnlyKeys("10.213.0.10", "10.213.0.12");
        assertThat(open.get("10.213.0.10")).containsExactly(8080);
        assertThat(open.get("10.213.0.12")).isEmpty();
    }

    @Test
    void closedAndFilteredPortsAreNotOpen() {
        var open = NmapScan.parse("Nmap scan report for 10.0.0.1\n22/tcp closed ssh\n23/tcp filtered telnet\n80/tcp open http\n");
        assertThat(open.get("10.0.0.1")).containsExactly(80);
    }
}
