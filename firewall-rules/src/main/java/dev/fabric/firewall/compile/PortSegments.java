package dev.fabric.firewall.compile;

import dev.fabric.servicedef.model.PortRange;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Splits overlapping port ranges of one protocol into disjoint segments, each with the set of grants
 * that cover it, merging neighbours with equal grants. nftables interval maps reject overlapping
 * elements, and an InstanceInput endpoint may share its localPort with an InputEndpoint.
 */
final class PortSegments {
    record Covered(PortRange range, Grant grant) {
    }

    record Segment(PortRange range, SortedSet<Grant> grants) {
    }

    private PortSegments() {
    }

    static List<Segment> of(List<Covered> covered) {
        TreeSet<Integer> cuts = new TreeSet<>();
        for (Covered c : covered) {
            cuts.add(c.range().min());
            cuts.add(c.range().max() + 1);
        }
        List<Segment> out = new ArrayList<>();
        Integer start = null;
        for (Integer cut : cuts) {
            if (start != null) {
                int lo = start;
                int hi = cut - 1;
                TreeSet<Grant> grants = new TreeSet<>();
                for (Covered c : covered) {
                    if (c.range().min() <= lo && c.range().max() >= hi) {
                        grants.add(c.grant());
                    }
                }
                if (!grants.isEmpty()) {
                    Segment last = out.isEmpty() ? null : out.get(out.size() - 1);
                    if (last != null && last.range().max() + 1 == lo && last.grants().equals(grants)) {
                        out.set(out.size() - 1, new Segment(new PortRange(last.range().min(), hi), grants));
                    } else {
                        out.add(new Segment(new PortRange(lo, hi), grants));
                    }
                }
            }
            start = cut;
        }
        return out;
    }
}
