package dev.fabric.lab.isolation;

import dev.fabric.lab.placement.PlacedInstance;

import java.util.SortedSet;

/**
 * One instance seen from outside: the ports the definition declares for it, the ports nmap found
 * open, and the verdict of {@code fabric scan --expect} (exit code 0 = exactly the declared ports).
 */
public record IsolationRow(PlacedInstance instance, SortedSet<Integer> declared, SortedSet<Integer> nmapOpen,
                           int fabricScanExit) {

    public boolean isolated() {
        return fabricScanExit == 0 && declared.equals(nmapOpen);
    }
}
