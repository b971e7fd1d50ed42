package dev.fabric.lab.guest;

import dev.fabric.agent.desired.VirtType;
import dev.fabric.agent.libvirt.BootSource;
import dev.fabric.agent.libvirt.DomainInputs;
import dev.fabric.agent.libvirt.DomainXmlBuilder;
import dev.fabric.lab.LabNetwork;
import dev.fabric.lab.isolation.DeclaredPorts;
import dev.fabric.lab.placement.PlacedInstance;
import dev.fabric.lab.probe.HttpProbe;
import dev.fabric.servicedef.model.Service;
import org.libvirt.LibvirtException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Boots one lab guest per placed instance the way Fabric's agent defines it (agent's domain XML and
 * config drive) and waits until each answers HTTP from the outside namespace. Every guest listens on the same {@code listenPorts}, declared or not: what the outside
 * may reach is the firewall's business, and the scans must be able to see the difference.
 */
public final class InstanceBooter {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(120);

    private final GuestDomains domains;
    private final GuestImage image;
    private final LabNetwork network;
    private final HttpProbe outside;
    private final VirtType virtType;
    private final Path seedDir;

    /** @param seedDir where the guests' config drive images are written (libvirtd reads them from there) */
    public InstanceBooter(GuestDomains domains, GuestImage image, LabNetwork network, HttpProbe outside, String virtType,
                          Path seedDir) {
        this.domains = domains;
        this.image = image;
        this.network = network;
        this.outside = outside;
        this.virtType = VirtType.parse(virtType);
        this.seedDir = seedDir;
    }

    /** The lab's kernel command line: console settings only; the guest's configuration is on its config drive. */
    public static final String CMDLINE = "console=ttyS0 quiet";

    /** Domain XML by Fabric's agent: direct kernel boot, the config drive as the last read-only virtio disk, metadata. */
    public String domainXml(LabGuest guest, Path configDrive) {
        BootSource boot = new BootSource.Kernel(image.kernel(), image.initrd(), CMDLINE);
        return new DomainXmlBuilder().build(new DomainInputs(guest.spec(), virtType, network.bridge(), boot, configDrive,
                consoleLog(guest.domainName())));
    }

    public static Path consoleLog(String domainName) {
        return Path.of("/var/log/libvirt/qemu/" + domainName + ".console.log");
    }

    /**
     * Starts every instance (all first, then waits), so the guests boot side by side. Each guest listens
     * on its declared ports (from Fabric's config drive) and on the rest of {@code listenPorts} (lab-only seed file).
     */
    public List<BootedInstance> boot(Service service, List<PlacedInstance> instances, SortedSet<Integer> listenPorts)
            throws LibvirtException, IOException {
        List<LabGuest> guests = LabGuestSpecs.of(service, instances, network, image.sha256());
        List<Long> started = new ArrayList<>();
        for (LabGuest guest : guests) {
            String name = guest.domainName();
            domains.remove(name); // a leftover of an interrupted run
            SortedSet<Integer> undeclared = new TreeSet<>(listenPorts);
            undeclared.removeAll(DeclaredPorts.served(guest.placed().role()));
            Path iso = LabSeed.write(LabSeed.drive(guest, network.subnet(), undeclared), seedDir, name);
            started.add(System.nanoTime());
            domains.defineAndStart(domainXml(guest, iso));
        }
        int probePort = listenPorts.first();
        List<BootedInstance> booted = new ArrayList<>();
        for (int i = 0; i < guests.size(); i++) {
            LabGuest guest = guests.get(i);
            awaitAnswer(guest.domainName(), guest.placed(), probePort);
            booted.add(new BootedInstance(guest.placed(), guest.domainName(), guest.spec().id().text(),
                    Duration.ofNanos(System.nanoTime() - started.get(i))));
        }
        return booted;
    }

    private void awaitAnswer(String name, PlacedInstance instance, int port) throws LibvirtException {
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (outside.get(instance.address(), port, Duration.ofSeconds(2)).isPresent()) {
                return;
            }
            if (!domains.isRunning(name)) {
                throw new IllegalStateException("guest " + name + " stopped while booting; see " + consoleLog(name));
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException("guest " + name + " (" + instance.address() + ") did not answer HTTP on port " + port
                + " within " + ANSWER_TIMEOUT.toSeconds() + " s; see " + consoleLog(name)
                + " and check that no firewall is left in " + network.labNamespace() + " (nft list ruleset there)");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a guest", e);
        }
    }
}
