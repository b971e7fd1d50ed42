package dev.fabric.agent.run;

import dev.fabric.agent.desired.VirtType;
import dev.fabric.agent.execute.HostFirewall;
import dev.fabric.agent.execute.NftHostFirewall;
import dev.fabric.agent.image.ImageStore;
import dev.fabric.agent.libvirt.LibvirtHost;
import dev.fabric.agent.libvirt.VirtTypeChooser;
import dev.fabric.agent.libvirt.VirtTypeResolver;
import dev.fabric.agent.volume.InstanceVolumes;
import dev.fabric.firewall.apply.FirewallApplier;
import dev.fabric.nativelib.nftables.Nftables;

import java.time.Clock;
import java.util.Optional;

/**
 * Opens a real agent for this host from its settings: libvirt, the virt type (auto resolved, 0512),
 * the image store, the instance pool, and the host firewall through libnftables in this process's
 * network namespace (opened on first use), and the health probes (0540, 0541). {@link #close} closes them;
 * guests are not touched.
 */
public final class AgentRuntime implements AutoCloseable {
    private final LibvirtHost libvirt;
    private final LazyHostFirewall firewall;
    private final HostAgent agent;
    private final VirtTypeChooser.Choice virtType;
    private final Optional<HealthProbing> health;
    private final Optional<dev.fabric.agent.managed.ManagedState> managed;

    private AgentRuntime(LibvirtHost libvirt, LazyHostFirewall firewall, HostAgent agent, VirtTypeChooser.Choice virtType,
                         Optional<HealthProbing> health, Optional<dev.fabric.agent.managed.ManagedState> managed) {
        this.managed = managed;
        this.libvirt = libvirt;
        this.firewall = firewall;
        this.agent = agent;
        this.virtType = virtType;
        this.health = health;
    }

    /**
     * Opens the agent with real health probes ({@code health.namespace}, {@code health.grace-seconds}),
     * except on libvirt's test driver: its domains run nothing, and a probe of their addresses would leave
     * the host through its default route.
     */
    public static AgentRuntime open(AgentSettings settings) {
        Optional<HealthProbing> health = isTestDriver(settings) ? Optional.empty()
                : Optional.of(HealthProbing.start(settings.healthNamespace(), settings.health(), Clock.systemUTC()));
        LibvirtHost libvirt;
        try {
            libvirt = LibvirtHost.open(settings.host().libvirtUri());
        } catch (RuntimeException e) {
            health.ifPresent(HealthProbing::close);
            throw e;
        }
        try {
            VirtTypeChooser.Choice virt = resolveVirtType(settings, libvirt);
            InstanceVolumes volumes = InstanceVolumes.open(libvirt.connection(), settings.pool());
            LazyHostFirewall firewall = new LazyHostFirewall(() -> {
                Nftables nft = Nftables.open();
                HostFirewall f = new NftHostFirewall(new FirewallApplier(nft));
                return new LazyHostFirewall.Opened(f, nft);
            });
            // A managed agent runs what the controller last pushed, kept across restarts (0660); stand-alone: the store.
            Optional<dev.fabric.agent.managed.ManagedState> managed = settings.controller()
                    .map(c -> new dev.fabric.agent.managed.ManagedState(settings.managedDir()));
            managed.ifPresent(dev.fabric.agent.managed.ManagedState::load);
            HostAgent agent = new HostAgent(settings, libvirt, volumes, new ImageStore(settings.imageStore()), firewall,
                    health.map(HealthProbing::source).orElse(HealthSource.LIBVIRT_STATE_ONLY), virt.type(), Clock.systemUTC(),
                    managed.orElse(null));
            return new AgentRuntime(libvirt, firewall, agent, virt, health, managed);
        } catch (RuntimeException e) {
            health.ifPresent(HealthProbing::close);
            libvirt.close();
            throw e;
        }
    }

    /**
     * The test driver ({@code test:///...}) offers only its own "test" domain type but accepts and "runs"
     * qemu domain XML without executing anything, so there the explicit type is used as set (auto means
     * qemu) instead of being checked against capabilities.
     */
    private static VirtTypeChooser.Choice resolveVirtType(AgentSettings settings, LibvirtHost libvirt) {
        VirtType setting = settings.host().virtType();
        if (isTestDriver(settings)) {
            return new VirtTypeChooser.Choice(setting == VirtType.AUTO ? VirtType.QEMU : setting,
                    "libvirt test driver: domains are recorded, not run");
        }
        return VirtTypeResolver.defaults(settings.stateDir().resolve("probe")).resolve(libvirt, setting);
    }

    private static boolean isTestDriver(AgentSettings settings) {
        return settings.host().libvirtUri().startsWith("test:");
    }

    /** What the controller pushed, for a managed agent (settings {@code controller.address}). */
    public Optional<dev.fabric.agent.managed.ManagedState> managed() {
        return managed;
    }

    public HostAgent agent() {
        return agent;
    }

    public LibvirtHost libvirt() {
        return libvirt;
    }

    /** Tells {@code wake} when an instance's health changes (e.g. the run loop's {@code wake}). */
    public void onHealthChange(Runnable wake) {
        health.ifPresent(p -> p.addListener((id, h) -> wake.run()));
    }

    /** Whether this host's instances are probed (not on the test driver), so "serving" can be waited for. */
    public boolean probesHealth() {
        return health.isPresent();
    }

    public VirtTypeChooser.Choice virtType() {
        return virtType;
    }

    @Override
    public void close() {
        health.ifPresent(HealthProbing::close);
        try {
            firewall.close();
        } catch (Exception ignored) {
            // releasing the nft context cannot fail in a way anyone could act on
        }
        libvirt.close();
    }
}
