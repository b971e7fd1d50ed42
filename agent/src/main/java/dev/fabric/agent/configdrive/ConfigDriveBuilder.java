package dev.fabric.agent.configdrive;

import dev.fabric.agent.json.Json;
import dev.fabric.agent.spec.InstanceMetadata;
import dev.fabric.agent.spec.InstanceSpec;
import dev.fabric.firewall.placement.Ipv4Subnet;
import dev.fabric.servicedef.model.Endpoint;
import dev.fabric.servicedef.model.PortRange;
import dev.fabric.servicedef.model.Transport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The cloud-init NoCloud seed for one instance. Pure: returns file name to contents.
 * <ul>
 *   <li>{@code meta-data}: instance-id (changes whenever the spec does, so cloud-init applies a new
 *       configuration) and local-hostname;</li>
 *   <li>{@code network-config}: version 2, the static address matched by MAC, default route via the gateway;</li>
 *   <li>{@code user-data}: #cloud-config writing the role's settings to {@value #SETTINGS_PATH} (mode
 *       0600) and the ports to serve to {@value #PORTS_PATH};</li>
 *   <li>{@code fabric.env}: the same network identity and ports as shell assignments, for guests without
 *       cloud-init (the busybox test guest sources it).</li>
 * </ul>
 * Settings go only into user-data (never on a kernel command line, never into domain XML).
 */
public final class ConfigDriveBuilder {
    public static final String SETTINGS_PATH = "/etc/fabric/settings.json";
    public static final String PORTS_PATH = "/etc/fabric/ports";

    public ConfigDrive build(InstanceSpec spec, Map<String, String> settings, Ipv4Subnet subnet) {
        String hostname = Hostnames.of(spec.id());
        String address = spec.network().address() + "/" + subnet.prefixLength();
        String gateway = subnet.network().plus(1).toString();
        Map<String, String> files = new LinkedHashMap<>();
        files.put("meta-data", "instance-id: " + Json.quoted(instanceId(spec)) + "\n"
                + "local-hostname: " + Json.quoted(hostname) + "\n");
        files.put("network-config", "version: 2\n"
                + "ethernets:\n"
                + "  fabric0:\n"
                + "    match:\n"
                + "      macaddress: " + Json.quoted(spec.network().mac().text()) + "\n"
                + "    set-name: eth0\n"
                + "    addresses:\n"
                + "      - " + Json.quoted(address) + "\n"
                + "    routes:\n"
                + "      - to: \"0.0.0.0/0\"\n"
                + "        via: " + Json.quoted(gateway) + "\n");
        String ports = portsFile(spec);
        files.put("user-data", "#cloud-config\n"
                + "write_files:\n"
                + writeFile(SETTINGS_PATH, "0600", settingsJson(settings))
                + writeFile(PORTS_PATH, "0644", ports));
        files.put("fabric.env", "FABRIC_INSTANCE=" + shell(spec.id().text()) + "\n"
                + "FABRIC_HOSTNAME=" + shell(hostname) + "\n"
                + "FABRIC_MAC=" + shell(spec.network().mac().text()) + "\n"
                + "FABRIC_ADDRESS=" + shell(address) + "\n"
                + "FABRIC_GATEWAY=" + shell(gateway) + "\n"
                + "FABRIC_TCP_PORTS=" + shell(String.join(" ", ports(spec, Transport.TCP))) + "\n"
                + "FABRIC_UDP_PORTS=" + shell(String.join(" ", ports(spec, Transport.UDP))) + "\n");
        return new ConfigDrive(files);
    }

    /** The domain name plus a digest of the spec: a replaced instance is a new instance to cloud-init. */
    static String instanceId(InstanceSpec spec) {
        return spec.domainName() + "-" + sha256(InstanceMetadata.toXml(spec)).substring(0, 12);
    }

    private static String writeFile(String path, String mode, String content) {
        return "  - path: " + Json.quoted(path) + "\n"
                + "    owner: \"root:root\"\n"
                + "    permissions: " + Json.quoted(mode) + "\n"
                + "    encoding: b64\n"
                + "    content: " + Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)) + "\n";
    }

    static String settingsJson(Map<String, String> settings) {
        return Json.pretty(new TreeMap<>(settings));
    }

    /** A single-quoted shell word: safe to source, whatever the value holds. */
    static String shell(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** One line per port or range the guest should serve: {@code tcp 8080 HttpIn}. */
    static String portsFile(InstanceSpec spec) {
        StringBuilder b = new StringBuilder();
        for (Endpoint e : spec.endpoints()) {
            if (e.transport() == Transport.ANY) {
                continue; // "every port of every protocol" names nothing for a guest to listen on
            }
            b.append(e.transport().name().toLowerCase(Locale.ROOT)).append(' ').append(served(e)).append(' ')
                    .append(e.name().replaceAll("\\s", "_")).append('\n');
        }
        return b.toString();
    }

    /** Distinct ports and ranges of one transport, in declaration order: {@code 8080 9000-9010}. */
    static Set<String> ports(InstanceSpec spec, Transport transport) {
        Set<String> out = new LinkedHashSet<>();
        for (Endpoint e : spec.endpoints()) {
            if (e.transport() == transport) {
                out.add(served(e).toString());
            }
        }
        return out;
    }

    private static PortRange served(Endpoint e) {
        if (e instanceof Endpoint.Input in) {
            return PortRange.single(in.localPort());
        }
        if (e instanceof Endpoint.InstanceInput ii) {
            return PortRange.single(ii.localPort());
        }
        return ((Endpoint.Internal) e).ports();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
