package dev.fabric.lab.isolation;

import dev.fabric.lab.placement.PlacedInstance;
import dev.fabric.lab.probe.FabricCommand;
import dev.fabric.lab.probe.NmapScan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Scans every instance from one vantage point twice, with Fabric's scanner ({@code fabric scan
 * --expect DECLARED}) and with nmap, and puts both next to what the definition declares.
 */
public final class IsolationCheck {
    static final Duration NMAP_TIMEOUT = Duration.ofMinutes(6);
    static final Duration SCAN_TIMEOUT = Duration.ofMinutes(3);

    private final FabricCommand fabric;
    private final NmapScan nmap;

    public IsolationCheck(FabricCommand fabric, NmapScan nmap) {
        this.fabric = fabric;
        this.nmap = nmap;
    }

    /** {@code fabric scan ADDRESS --ports 1-65535 --expect EXPECTED} ({@code --expect none} when nothing may answer). */
    public ScanVerdict fabricScan(String address, SortedSet<Integer> expected) {
        String list = expected.isEmpty() ? "none" : expected.stream().map(String::valueOf).collect(Collectors.joining(","));
        return ScanVerdict.of(fabric.run(SCAN_TIMEOUT, "scan", address, "--ports", "1-65535", "--expect", list));
    }

    public List<IsolationRow> check(List<PlacedInstance> instances) {
        Map<String, SortedSet<Integer>> open = nmap.openPorts(
                instances.stream().map(PlacedInstance::address).toList(), NMAP_TIMEOUT);
        List<IsolationRow> rows = new ArrayList<>();
        for (PlacedInstance instance : instances) {
            SortedSet<Integer> declared = DeclaredPorts.fromOutside(instance.role());
            rows.add(new IsolationRow(instance, declared, fabricScan(instance.address(), declared),
                    new TreeSet<>(open.get(instance.address()))));
        }
        return rows;
    }
}
