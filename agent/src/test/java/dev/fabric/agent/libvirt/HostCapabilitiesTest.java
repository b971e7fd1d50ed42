package dev.fabric.agent.libvirt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostCapabilitiesTest {
    static String caps(String x86Domains) {
        return "<capabilities><host><cpu><arch>x86_64</arch></cpu></host>"
                + "<guest><os_type>hvm</os_type><arch name='i686'><domain type='qemu'/><domain type='kvm'/></arch></guest>"
                + "<guest><os_type>hvm</os_type><arch name='x86_64'><wordsize>64</wordsize>" + x86Domains + "</arch></guest>"
                + "</capabilities>";
    }

    @Test
    void readsTheDomainTypesOfX86_64HvmGuests() {
        assertThat(HostCapabilities.parse(caps("<domain type='qemu'/><domain type='kvm'><emulator>/usr/bin/qemu</emulator></domain>"))
                .domainTypes()).containsExactlyInAnyOrder("qemu", "kvm");
    }

    @Test
    void otherArchitecturesDoNotCount() {
        HostCapabilities c = HostCapabilities.parse(caps("<domain type='qemu'/>"));
        assertThat(c.offers("qemu")).isTrue();
        assertThat(c.offers("kvm")).isFalse();
    }

    @Test
    void theTestDriverOffersNoX86_64Guests() {
        // Its capabilities list i686 hvm and xen guests of type 'test' only.
        try (LibvirtHost host = LibvirtHost.open("test:///default")) {
            assertThat(HostCapabilities.parse(host.capabilities()).domainTypes()).isEmpty();
        }
    }
}
