package dev.fabric.agent.run;

import dev.fabric.agent.desired.HostSettings;
import dev.fabric.agent.desired.MemoryScale;
import dev.fabric.agent.desired.VirtType;
import dev.fabric.agent.image.ImageStore;
import dev.fabric.agent.managed.ControllerLinkSettings;
import dev.fabric.agent.volume.PoolSettings;
import dev.fabric.firewall.placement.Ipv4Address;
import dev.fabric.firewall.placement.Ipv4Subnet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the host settings file: {@code key = value} lines, {@code #} comments, blank lines. Every key
 * is known and every value checked, each error naming {@code file:line}. A missing key takes the lab
 * default (see {@link #DEFAULTS}); a missing file means all defaults only when it is the default path.
 */
public final class AgentSettingsFile {
    /** {@code health.namespace} value for "probe from the agent's own network namespace". */
    public static final String OWN_NAMESPACE = "none";

    /** {@code controller.address} and {@code host.name} value of an agent that has no controller. */
    public static final String STAND_ALONE = "none";

    /** Key to default value, in the order {@code --help} and the docs list them. */
    public static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("libvirt.uri", "qemu:///system");
        d.put("virt.type", "auto");
        d.put("instance.subnet", "10.213.0.0/24");
        d.put("instance.bridge", "fabbr0");
        d.put("host.external-address", "10.213.255.1");
        d.put("memory.scale", "1/16");
        d.put("memory.floor-mib", "128");
        d.put("memory.guest-mib", "auto");
        d.put("image.name", "tiny");
        d.put("image.store", ImageStore.DEFAULT_ROOT);
        d.put("pool.name", PoolSettings.DEFAULT_NAME);
        d.put("pool.path", PoolSettings.DEFAULT_PATH);
        d.put("state.dir", AgentSettings.DEFAULT_STATE_DIR.toString());
        d.put("health.namespace", OWN_NAMESPACE);
        d.put("health.grace-seconds", "300");
        d.put("controller.address", STAND_ALONE);
        d.put("host.name", STAND_ALONE);
        d.put("pki.dir", "/etc/fabric/pki");
        DEFAULTS = java.util.Collections.unmodifiableMap(d);
    }

    private AgentSettingsFile() {
    }

    /** Reads {@code file}; when it does not exist and {@code mustExist} is false, all defaults apply. */
    public static AgentSettings read(Path file, boolean mustExist) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            if (mustExist) {
                throw new SettingsException(file + ": no such settings file; create it or leave out --settings to use "
                        + AgentSettings.DEFAULT_FILE + " (or the lab defaults when that is absent)");
            }
            text = "";
        } catch (IOException e) {
            throw new SettingsException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    public static AgentSettings parse(String fileName, String text) {
        Map<String, String> values = new HashMap<>(DEFAULTS);
        Map<String, Integer> lineOf = new HashMap<>();
        List<String> lines = text.lines().toList();
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new SettingsException(fileName + ":" + n + ": expected 'key = value', found '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (!DEFAULTS.containsKey(key)) {
                throw new SettingsException(fileName + ":" + n + ": unknown key '" + key + "'; known keys: "
                        + String.join(", ", DEFAULTS.keySet()));
            }
            if (lineOf.containsKey(key)) {
                throw new SettingsException(fileName + ":" + n + ": '" + key + "' is already set on line " + lineOf.get(key));
            }
            if (value.isEmpty()) {
                throw new SettingsException(fileName + ":" + n + ": '" + key + "' has no value (default: " + DEFAULTS.get(key) + ")");
            }
            values.put(key, value);
            lineOf.put(key, n);
        }
        Reader r = new Reader(fileName, values, lineOf);
        Ipv4Subnet subnet = r.get("instance.subnet", AgentSettingsFile::subnet);
        Ipv4Address external = r.get("host.external-address", Ipv4Address::parse);
        long floor = r.get("memory.floor-mib", AgentSettingsFile::nonNegative);
        MemoryScale scale = r.get("memory.scale", s -> MemoryScale.parse(s, floor));
        long guestMiB = r.get("memory.guest-mib", v -> v.equals("auto") ? HostMemory.guestMiB(HostMemory.MEMINFO) : nonNegative(v));
        VirtType virt = r.get("virt.type", VirtType::parse);
        String uri = r.get("libvirt.uri", AgentSettingsFile::uri);
        String image = r.get("image.name", AgentSettingsFile::imageName);
        HostSettings host = r.get("instance.bridge", b -> new HostSettings(subnet, external, b, scale, guestMiB, virt, uri, image));
        Path store = r.get("image.store", AgentSettingsFile::absolute);
        Path poolPath = r.get("pool.path", AgentSettingsFile::absolute);
        PoolSettings pool = r.get("pool.name", name -> new PoolSettings(name, poolPath));
        Path state = r.get("state.dir", AgentSettingsFile::absolute);
        java.util.Optional<String> healthNs = r.get("health.namespace", AgentSettingsFile::namespace);
        java.time.Duration grace = r.get("health.grace-seconds", v -> java.time.Duration.ofSeconds(seconds(v)));
        java.util.Optional<ControllerLinkSettings> controller = java.util.Optional.empty();
        if (!r.get("controller.address", a -> a).equals(STAND_ALONE)) {
            String controllerHost = r.get("controller.address", AgentSettingsFile::controllerHost);
            int controllerPort = r.get("controller.address", AgentSettingsFile::controllerPort);
            String hostName = r.get("host.name", AgentSettingsFile::hostName);
            Path pki = r.get("pki.dir", AgentSettingsFile::absolute);
            controller = java.util.Optional.of(new ControllerLinkSettings(controllerHost, controllerPort, hostName, pki));
        }
        return new AgentSettings(host, store, pool, state, healthNs, grace, controller);
    }

    private static String controllerHost(String address) {
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? "" : address.substring(0, colon);
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.-]{1,253}")) {
            throw new IllegalArgumentException("'" + address + "' is not HOST:PORT of the controller's agent port (e.g. 10.214.0.2:7000),"
                    + " or " + STAND_ALONE + " for a stand-alone agent");
        }
        return host;
    }

    private static int controllerPort(String address) {
        try {
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + address + "' has no port from 1 to 65535 (HOST:PORT)");
        }
    }

    /** The inventory name, which is also the CN of the host's certificate (pki's rule). */
    private static String hostName(String s) {
        if (s.equals(STAND_ALONE)) {
            throw new IllegalArgumentException("a managed agent (controller.address set) needs this host's inventory name");
        }
        if (!s.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("'" + s + "' is not a host name: 1-63 lower-case letters, digits or '-'");
        }
        return s;
    }

    private static long nonNegative(String s) {
        try {
            long v = Long.parseLong(s);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a whole number of MiB >= 0");
        }
    }

    private static long seconds(String s) {
        try {
            long v = Long.parseLong(s);
            if (v < 0 || v > 86_400) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a whole number of seconds from 0 to 86400");
        }
    }

    private static Ipv4Subnet subnet(String s) {
        Ipv4Subnet subnet = Ipv4Subnet.parse(s);
        if (subnet.prefixLength() > 28) {
            throw new IllegalArgumentException(s + " is too small: instances start at network+10, use a /28 or larger");
        }
        return subnet;
    }

    private static String uri(String s) {
        if (!s.matches("[a-z][a-z0-9+]*://[^\\s]*")) {
            throw new IllegalArgumentException("'" + s + "' is not a libvirt URI such as qemu:///system or test:///default");
        }
        return s;
    }

    private static String imageName(String s) {
        if (!s.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException("image name '" + s + "' must be 1-64 letters, digits, '.', '-' or '_'");
        }
        return s;
    }

    /**
     * {@code none} (probe from the agent's own namespace, right when the agent runs where the bridge is) or
     * the name of a namespace made with {@code ip netns add} that holds the instance bridge; it must exist
     * when the settings are read, so a typo fails at start instead of making every probe fail.
     */
    private static java.util.Optional<String> namespace(String s) {
        if (s.equals(OWN_NAMESPACE)) {
            return java.util.Optional.empty();
        }
        if (!s.matches("[A-Za-z0-9_.-]{1,64}") || s.equals(".") || s.equals("..")) {
            throw new IllegalArgumentException("'" + s + "' is not a network namespace name (letters, digits, '.', '-', '_');"
                    + " use " + OWN_NAMESPACE + " for the agent's own namespace");
        }
        if (!Files.exists(NETNS_DIR.resolve(s))) {
            throw new IllegalArgumentException("no network namespace '" + s + "' (" + NETNS_DIR.resolve(s)
                    + " does not exist; see ip netns list), or set " + OWN_NAMESPACE + " to probe from the agent's own namespace");
        }
        return java.util.Optional.of(s);
    }

    private static final Path NETNS_DIR = Path.of("/run/netns");

    private static Path absolute(String s) {
        Path p = Path.of(s);
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException("'" + s + "' must be an absolute path");
        }
        return p.normalize();
    }

    /** Converts values, turning any conversion error into "file:line: key: message". */
    private record Reader(String file, Map<String, String> values, Map<String, Integer> lineOf) {
        <T> T get(String key, Function<String, T> convert) {
            try {
                return convert.apply(values.get(key));
            } catch (RuntimeException e) {
                String where = lineOf.containsKey(key) ? file + ":" + lineOf.get(key) : file + " (default of " + key + ")";
                throw new SettingsException(where + ": " + key + ": " + e.getMessage());
            }
        }
    }
}
