package dev.fabric.lab.isolation;

import dev.fabric.lab.placement.PlacedInstance;

import java.util.SortedSet;

/**
 * One instance seen from outside: the ports the definition declares for it, what {@code fabric scan}
 * found, and the ports nmap found open.
 */
public record IsolationRow(PlacedInstance instance, SortedSet<Integer> declared, ScanVerdict fabricScan,
                           SortedSet<Integer> nmapOpen) {

    public boolean isolated() {
        return fabricScan.asExpected() && declared.equals(fabricScan.open()) && declared.equals(nmapOpen);
    }
}
