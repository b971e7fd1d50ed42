package dev.fabric.agent.run;

import dev.fabric.agent.image.ImageStore;
import dev.fabric.agent.image.Sha256;
import dev.fabric.nativelib.libc.NetnsThread;
import dev.fabric.nativelib.libc.TestNetns;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One stand-alone agent's host for tests on libvirt's test driver ({@code test:///default}): a throwaway
 * network namespace for the real firewall, a directory layout (image store, pool directory, state dir),
 * a kernel image of made-up bytes with its SHA256SUMS, a settings file, and a connection that keeps the
 * test driver's state alive (decision 0511). {@link #close} removes what the tests made: the
 * deployment's domains, the pool, the namespace. Shared with the {@code cli} tests through agent's test-jar.
 */
public final class TestDriverHost implements AutoCloseable {
    public static final String IMAGE = "tiny";
    /** Namespaces of this fixture: fabric-pt-LABEL-PID. */
    public static final String NAMESPACE_PREFIX = "fabric-pt-";

    private final Path dir;
    private final String namespace;
    private final String deployment;
    private final String pool;
    private final NetnsThread netns;
    private final Connect keepAlive;

    private TestDriverHost(Path dir, String namespace, String deployment, String pool, NetnsThread netns, Connect keepAlive) {
        this.dir = dir;
        this.namespace = namespace;
        this.deployment = deployment;
        this.pool = pool;
        this.netns = netns;
        this.keepAlive = keepAlive;
    }

    /**
     * @param dir   a fresh temporary directory (JUnit's {@code @TempDir})
     * @param label what tells this test's namespace, deployment and pool apart; the pid is added, so
     *              parallel runs in other worktrees do not collide
     */
    public static TestDriverHost create(Path dir, String label) throws IOException, LibvirtException {
        long pid = ProcessHandle.current().pid();
        String namespace = NAMESPACE_PREFIX + label + "-" + pid;
        TestNetns.ip(false, "netns", "del", namespace); // a leftover of a killed run of this very pid
        TestNetns.ip(true, "netns", "add", namespace);
        NetnsThread netns = NetnsThread.join(namespace);
        Connect keepAlive;
        try {
            keepAlive = new Connect("test:///default");
        } catch (LibvirtException | RuntimeException e) {
            netns.close();
            TestNetns.ip(false, "netns", "del", namespace);
            throw e;
        }
        Path kernelDir = Files.createDirectories(dir.resolve("kernel"));
        Files.writeString(kernelDir.resolve("vmlinuz"), "not really a kernel");
        Files.writeString(kernelDir.resolve("initrd.img"), "not really an initrd");
        Files.writeString(kernelDir.resolve("SHA256SUMS"), Sha256.of(kernelDir.resolve("vmlinuz")) + "  vmlinuz\n"
                + Sha256.of(kernelDir.resolve("initrd.img")) + "  initrd.img\n");
        Files.createDirectories(dir.resolve("instances")); // the test driver makes no directories
        return new TestDriverHost(dir, namespace, label + pid, "fabric-" + label + "-" + pid, netns, keepAlive);
    }

    /** A deployment name no other test run uses; {@link #close} removes its domains. */
    public String deployment() {
        return deployment;
    }

    /** The namespace the firewall goes into; run the agent's nft work on this thread. */
    public NetnsThread netns() {
        return netns;
    }

    public String namespace() {
        return namespace;
    }

    public Connect connection() {
        return keepAlive;
    }

    /** {@code vmlinuz}, {@code initrd.img} and their {@code SHA256SUMS}, as {@code fabric image add-kernel} takes them. */
    public Path kernelDir() {
        return dir.resolve("kernel");
    }

    public Path imageStore() {
        return dir.resolve("images");
    }

    /** Registers the kernel pair as image {@value #IMAGE} (copied into the store) and returns the store. */
    public ImageStore registerImage() throws IOException {
        ImageStore images = new ImageStore(imageStore());
        Path kernel = kernelDir().resolve("vmlinuz");
        Path initrd = kernelDir().resolve("initrd.img");
        images.registerKernel(IMAGE, kernel, Sha256.of(kernel), initrd, Sha256.of(initrd), "console=ttyS0",
                ImageStore.Placement.COPY);
        return images;
    }

    /** Writes the agent's settings file for this host with {@code guestMiB} of guest memory. */
    public Path settingsFile(long guestMiB) throws IOException {
        return Files.writeString(dir.resolve("agent-" + guestMiB + ".conf"), String.join("\n",
                "# the agent of this test",
                "libvirt.uri = test:///default",
                "memory.guest-mib = " + guestMiB,
                "image.store = " + imageStore(),
                "pool.name = " + pool,
                "pool.path = " + dir.resolve("instances"),
                "state.dir = " + dir.resolve("state"), ""));
    }

    public AgentSettings settings(long guestMiB) throws IOException {
        return AgentSettingsFile.read(settingsFile(guestMiB), true);
    }

    /** Stops a running domain the way a crash or another admin would, without the agent knowing. */
    public void destroyBehindTheAgentsBack(String domain) throws LibvirtException {
        keepAlive.domainLookupByName(domain).destroy();
    }

    /** Removes the deployment's domains and the pool, closes the connection and deletes the namespace. */
    @Override
    public void close() throws LibvirtException {
        try {
            String prefix = "fabric." + deployment + ".";
            for (int id : keepAlive.listDomains()) {
                Domain d = keepAlive.domainLookupByID(id);
                if (d.getName().startsWith(prefix)) {
                    d.destroy();
                }
            }
            for (String name : keepAlive.listDefinedDomains()) {
                if (name.startsWith(prefix)) {
                    keepAlive.domainLookupByName(name).undefine();
                }
            }
            List<String> pools = new ArrayList<>(List.of(keepAlive.listStoragePools()));
            pools.addAll(List.of(keepAlive.listDefinedStoragePools()));
            if (pools.contains(pool)) {
                StoragePool p = keepAlive.storagePoolLookupByName(pool);
                if (p.isActive() != 0) {
                    p.destroy();
                }
                p.undefine();
            }
            keepAlive.close();
        } finally {
            netns.close();
            TestNetns.ip(false, "netns", "del", namespace);
        }
    }
}
