package dev.fabric.bench;

import dev.fabric.firewall.apply.FirewallApplier;
import dev.fabric.firewall.ruleset.NftRenderer;
import dev.fabric.firewall.ruleset.NftUpdate;
import dev.fabric.firewall.ruleset.Ruleset;
import dev.fabric.nativelib.nftables.Nftables;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Applying Fabric's ruleset for N instances x 3 ports, and a one-instance port change, through
 * libnftables (the product path), through an {@code nft -f} process, and the equivalent rules
 * through iptables-nft-restore and iptables-legacy-restore. Run it inside a throwaway network
 * namespace (bench/firewall-bench.sh does): it rewrites the namespace's firewall.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class FirewallApplyBenchmark {
    static final String CLEAR_FABRIC = "table inet fabric; delete table inet fabric; table bridge fabric; delete table bridge fabric";

    @State(Scope.Benchmark)
    public static class Rulesets {
        @Param("1000")
        public int instances;

        @Param({"contiguous", "scattered"})
        public String layout;

        Ruleset base;
        Ruleset changed;
        Path fullFile;
        Path toChanged;
        Path toBase;
        String iptablesFull;
        String iptablesToChanged;
        String iptablesToBase;
        int changedInstance;

        @Setup(Level.Trial)
        public void compile() throws IOException {
            changedInstance = instances / 2;
            boolean scattered = layout.equals("scattered");
            base = FirewallWorkload.ruleset(instances, -1, scattered);
            changed = FirewallWorkload.ruleset(instances, changedInstance, scattered);
            Path dir = Files.createTempDirectory("fabric-fw-bench");
            fullFile = Files.writeString(dir.resolve("full.nft"), NftRenderer.replace(base));
            toChanged = Files.writeString(dir.resolve("to-changed.nft"), NftUpdate.between(base, changed));
            toBase = Files.writeString(dir.resolve("to-base.nft"), NftUpdate.between(changed, base));
            iptablesFull = FirewallWorkload.iptablesFull(instances, -1, scattered);
            int port = FirewallWorkload.port(changedInstance, FirewallWorkload.PORTS.length - 1, scattered);
            iptablesToChanged = FirewallWorkload.iptablesChange(changedInstance, port, FirewallWorkload.CHANGED_PORT);
            iptablesToBase = FirewallWorkload.iptablesChange(changedInstance, FirewallWorkload.CHANGED_PORT, port);
        }

        @TearDown(Level.Trial)
        public void deleteFiles() throws IOException {
            Path dir = fullFile.getParent();
            for (Path f : List.of(fullFile, toChanged, toBase)) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        }
    }

    /** One long-lived libnftables context, as the agent keeps it. */
    @State(Scope.Benchmark)
    public static class Native {
        Nftables nft;
        FirewallApplier applier;
        boolean atChanged;

        @Setup(Level.Trial)
        public void open(Rulesets r) {
            nft = Nftables.open();
            applier = new FirewallApplier(nft);
            applier.replace(r.base);
            atChanged = false;
        }

        @TearDown(Level.Trial)
        public void close() {
            applier.clear();
            nft.close();
        }
    }

    /** State for the process-based variants: each starts from the base ruleset. */
    @State(Scope.Benchmark)
    public static class Processes {
        boolean atChanged;

        @Setup(Level.Trial)
        public void reset(Rulesets r) throws Exception {
            run(List.of("nft", "-f", r.fullFile.toString()), null);
            atChanged = false;
        }

        @TearDown(Level.Trial)
        public void clear() throws Exception {
            run(List.of("nft", CLEAR_FABRIC), null);
        }
    }

    @State(Scope.Benchmark)
    public static class Iptables {
        boolean atChanged;
        String iptables;

        void prepare(String restore, Rulesets r) throws Exception {
            run(List.of("nft", CLEAR_FABRIC), null);
            iptables = restore.replace("-restore", "");
            remove();
            run(List.of(iptables, "-N", "FABRIC_FWD"), null);
            run(List.of(iptables, "-A", "FORWARD", "-j", "FABRIC_FWD"), null);
            run(List.of(restore, "--noflush"), r.iptablesFull);
            atChanged = false;
        }

        /** Leaves nothing behind that would inflate the next benchmark's nft cache. */
        @TearDown(Level.Trial)
        public void remove() {
            for (List<String> cmd : List.of(List.of(iptables, "-D", "FORWARD", "-j", "FABRIC_FWD"),
                    List.of(iptables, "-F", "FABRIC_FWD"), List.of(iptables, "-X", "FABRIC_FWD"))) {
                try {
                    run(cmd, null);
                } catch (Exception e) {
                    // not there: nothing to remove
                }
            }
        }
    }

    @State(Scope.Benchmark)
    public static class IptablesNft extends Iptables {
        @Setup(Level.Trial)
        public void setUp(Rulesets r) throws Exception {
            prepare("iptables-nft-restore", r);
        }
    }

    @State(Scope.Benchmark)
    public static class IptablesLegacy extends Iptables {
        @Setup(Level.Trial)
        public void setUp(Rulesets r) throws Exception {
            prepare("iptables-legacy-restore", r);
        }
    }

    @Benchmark
    public void libnftablesFullApply(Rulesets r, Native n) {
        n.applier.replace(r.base);
    }

    /** Element-level update computed from the last applied ruleset (diff included in the time). */
    @Benchmark
    public void libnftablesOneInstanceChange(Rulesets r, Native n) {
        n.applier.apply(n.atChanged ? r.base : r.changed);
        n.atChanged = !n.atChanged;
    }

    @Benchmark
    public void nftProcessFullApply(Rulesets r, Processes p) throws Exception {
        run(List.of("nft", "-f", r.fullFile.toString()), null);
    }

    @Benchmark
    public void nftProcessOneInstanceChange(Rulesets r, Processes p) throws Exception {
        run(List.of("nft", "-f", (p.atChanged ? r.toBase : r.toChanged).toString()), null);
        p.atChanged = !p.atChanged;
    }

    @Benchmark
    public void iptablesNftRestoreFullApply(Rulesets r, IptablesNft i) throws Exception {
        run(List.of("iptables-nft-restore", "--noflush"), r.iptablesFull);
    }

    @Benchmark
    public void iptablesNftRestoreOneInstanceChange(Rulesets r, IptablesNft i) throws Exception {
        run(List.of("iptables-nft-restore", "--noflush"), i.atChanged ? r.iptablesToBase : r.iptablesToChanged);
        i.atChanged = !i.atChanged;
    }

    @Benchmark
    public void iptablesLegacyRestoreFullApply(Rulesets r, IptablesLegacy i) throws Exception {
        run(List.of("iptables-legacy-restore", "--noflush"), r.iptablesFull);
    }

    @Benchmark
    public void iptablesLegacyRestoreOneInstanceChange(Rulesets r, IptablesLegacy i) throws Exception {
        run(List.of("iptables-legacy-restore", "--noflush"), i.atChanged ? r.iptablesToBase : r.iptablesToChanged);
        i.atChanged = !i.atChanged;
    }

    static void run(List<String> cmd, String stdin) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (stdin != null) {
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes());
            }
        } else {
            p.getOutputStream().close();
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + new String(out));
        }
    }
}
