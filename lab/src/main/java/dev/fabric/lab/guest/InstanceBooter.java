package dev.fabric.lab.guest;

import dev.fabric.lab.LabNetwork;
import dev.fabric.lab.placement.PlacedInstance;
import dev.fabric.lab.probe.HttpProbe;
import org.libvirt.LibvirtException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.stream.Collectors;

/**
 * Boots one lab guest per placed instance and waits until each answers HTTP from the outside
 * namespace. Every guest listens on the same {@code listenPorts}, declared or not: what the outside
 * may reach is the firewall's business, and the scans must be able to see the difference.
 */
public final class InstanceBooter {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(120);

    private final GuestDomains domains;
    private final GuestImage image;
    private final LabNetwork network;
    private final HttpProbe outside;
    private final String virtType;

    public InstanceBooter(GuestDomains domains, GuestImage image, LabNetwork network, HttpProbe outside, String virtType) {
        this.domains = domains;
        this.image = image;
        this.network = network;
        this.outside = outside;
        this.virtType = virtType;
    }

    /** The lab's domain name for instance k of a service, e.g. {@code fabric-webfarm-0}. */
    public static String domainName(String serviceName, int k) {
        return domainPrefix(serviceName) + k;
    }

    /** What every lab domain of the service's instances starts with, e.g. {@code fabric-webfarm-}. */
    public static String domainPrefix(String serviceName) {
        return "fabric-" + serviceName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-";
    }

    /** Kernel command line the guest's /init reads (see lab/guest/init). */
    public static String cmdline(PlacedInstance instance, SortedSet<Integer> listenPorts) {
        return "console=ttyS0 quiet"
                + " fabric.name=" + instance.instanceId().replaceAll("[^A-Za-z0-9._-]", "_")
                + " fabric.ip=" + instance.address() + "/" + instance.prefixLength()
                + " fabric.gw=" + instance.gateway()
                + " fabric.ports=" + listenPorts.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    public String domainXml(String serviceName, PlacedInstance instance, SortedSet<Integer> listenPorts) {
        String name = domainName(serviceName, instance.index());
        return new DomainXmlBuilder()
                .name(name)
                .virtType(virtType)
                .kernel(image.kernel())
                .initrd(image.initrd())
                .cmdline(cmdline(instance, listenPorts))
                .nic(instance.mac(), network.bridge(), instance.tap())
                .consoleLog(Path.of("/var/log/libvirt/qemu/" + name + ".console.log"))
                .build();
    }

    /** Starts every instance (all first, then waits), so the guests boot side by side. */
    public List<BootedInstance> boot(String serviceName, List<PlacedInstance> instances, SortedSet<Integer> listenPorts)
            throws LibvirtException {
        List<Long> started = new ArrayList<>();
        for (PlacedInstance instance : instances) {
            String name = domainName(serviceName, instance.index());
            domains.remove(name); // a leftover of an interrupted run
            started.add(System.nanoTime());
            domains.defineAndStart(domainXml(serviceName, instance, listenPorts));
        }
        int probePort = listenPorts.first();
        List<BootedInstance> booted = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            PlacedInstance instance = instances.get(i);
            String name = domainName(serviceName, instance.index());
            awaitAnswer(name, instance, probePort);
            booted.add(new BootedInstance(instance, name, Duration.ofNanos(System.nanoTime() - started.get(i))));
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
                throw new IllegalStateException("guest " + name + " stopped while booting; see /var/log/libvirt/qemu/" + name + ".console.log");
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException("guest " + name + " (" + instance.address() + ") did not answer HTTP on port " + port
                + " within " + ANSWER_TIMEOUT.toSeconds() + " s; see /var/log/libvirt/qemu/" + name + ".console.log"
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
