package dev.fabric.agent.run;

import dev.fabric.agent.desired.HostSettings;
import dev.fabric.agent.health.HealthSettings;
import dev.fabric.agent.volume.PoolSettings;

import java.nio.file.Path;

/**
 * Everything a stand-alone agent is configured with (the host settings file, {@link AgentSettingsFile}).
 *
 * @param host       what the desired state is built against (subnet, bridge, memory, image, virt type, libvirt URI)
 * @param imageStore root of the image store
 * @param pool       Fabric's libvirt storage pool for overlays and config drives
 * @param stateDir   deployments, lock, console logs and instance status of the stand-alone agent
 * @param healthNamespace the network namespace health probes are sent from (where the instance bridge is);
 *                   empty: the agent's own namespace (decision 0540)
 * @param healthGrace how long a booting guest may fail its probe before it counts as unhealthy (0540)
 * @param controller  the controller this agent follows; empty: stand-alone ({@code fabric agent apply})
 */
public record AgentSettings(HostSettings host, Path imageStore, PoolSettings pool, Path stateDir,
                            java.util.Optional<String> healthNamespace, java.time.Duration healthGrace,
                            java.util.Optional<dev.fabric.agent.managed.ControllerLinkSettings> controller) {
    /** A stand-alone agent's settings. */
    public AgentSettings(HostSettings host, Path imageStore, PoolSettings pool, Path stateDir,
                         java.util.Optional<String> healthNamespace, java.time.Duration healthGrace) {
        this(host, imageStore, pool, stateDir, healthNamespace, healthGrace, java.util.Optional.empty());
    }

    /** Where a managed agent keeps what the controller last pushed ({@link dev.fabric.agent.managed.ManagedState}). */
    public Path managedDir() {
        return stateDir.resolve("managed");
    }

    public static final Path DEFAULT_FILE = Path.of("/etc/fabric/agent.conf");
    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/fabric/agent");

    /** The health judge's settings: {@link HealthSettings#DEFAULT} with this host's grace period. */
    public HealthSettings health() {
        HealthSettings d = HealthSettings.DEFAULT;
        return new HealthSettings(healthGrace, d.minFailures(), d.maxAttempt());
    }

    public Path deploymentsDir() {
        return stateDir.resolve("deployments");
    }

    public Path lockFile() {
        return stateDir.resolve("agent.lock");
    }

    public Path consoleDir() {
        return stateDir.resolve("console");
    }

    public Path statusFile() {
        return stateDir.resolve("instances.status");
    }
}
