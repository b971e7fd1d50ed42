package dev.fabric.bench.swarm;

import dev.fabric.pki.CertificateAuthority;
import dev.fabric.pki.CredentialKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Makes (or reuses) what a controller with N simulated hosts needs: a CA, the controller's certificate
 * for 127.0.0.1, one host certificate per simulated agent (each its own EC P-256 key: admission checks
 * CN = Hello name), and a datacenter.xml naming them. Certificates are kept between runs; only missing
 * ones are issued. Usage: SwarmFabric DIR N
 */
public final class SwarmFabric {
    private SwarmFabric() {
    }

    /** sim-00000, sim-00001, ...: lower-case letters, digits and '-' (the pki CN rule). */
    public static String hostName(int i) {
        return String.format(Locale.ROOT, "sim-%05d", i);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: SwarmFabric DIR AGENTS");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        Path pki = dir.resolve("pki");
        Duration validity = Duration.ofDays(3650);
        Clock clock = Clock.systemUTC();
        CertificateAuthority ca;
        if (Files.exists(pki.resolve("ca.crt"))) {
            ca = CertificateAuthority.open(pki);
        } else {
            ca = CertificateAuthority.init(pki, "fabric-bench", validity, clock);
            ca.issue(CredentialKind.CONTROLLER, null, List.of("127.0.0.1"), validity, clock);
        }
        long start = System.nanoTime();
        int issued = 0;
        for (int i = 0; i < n; i++) {
            String name = hostName(i);
            if (!Files.exists(pki.resolve("hosts/" + name + ".crt"))) {
                ca.issue(CredentialKind.HOST, name, List.of(), validity, clock);
                issued++;
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (issued > 0) {
            System.out.printf(Locale.ROOT, "issued %d host certificates in %d ms (%.2f ms each)%n", issued, ms, (double) ms / issued);
        } else {
            System.out.printf(Locale.ROOT, "reused %d host certificates from %s%n", n, pki);
        }
        Files.writeString(dir.resolve("datacenter-" + n + ".xml"), datacenter(n));
    }

    /**
     * Ten fault domains; host i at 10.20.(i/250).(i%250+1) with the instance subnet 10.(100+i/4096).x.y/28,
     * the i-th /28 of 10.100.0.0/14: unique, non-overlapping, apart from the host addresses.
     */
    static String datacenter(int n) {
        StringBuilder b = new StringBuilder("<Datacenter name=\"bench\">\n");
        for (int fd = 0; fd < 10; fd++) {
            b.append("  <FaultDomain name=\"rack-").append(fd).append("\">\n");
            for (int i = fd; i < n; i += 10) {
                int subnet = i * 16;
                b.append(String.format(Locale.ROOT, "    <Host name=\"%s\" address=\"10.20.%d.%d\" instanceSubnet=\"10.%d.%d.%d/28\"/>%n",
                        hostName(i), i / 250, i % 250 + 1, 100 + subnet / 65536, (subnet / 256) % 256, subnet % 256));
            }
            b.append("  </FaultDomain>\n");
        }
        return b.append("</Datacenter>\n").toString();
    }
}
