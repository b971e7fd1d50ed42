package dev.fabric.firewall.compile;

import dev.fabric.firewall.placement.Ipv4Address;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Consecutive instance addresses that get the same verdict become one interval element
 * ({@code 10.213.0.10-10.213.0.1009 . tcp . 8080}). Placements hand out addresses role by role, so
 * a role of a thousand instances costs one element per port instead of a thousand; scattered
 * addresses simply stay one element each.
 */
final class AddressRuns {
    record Member(Ipv4Address address, String label) {
    }

    record Run(Member first, Member last) {
        boolean isSingle() {
            return first.address().equals(last.address());
        }

        String addresses() {
            return isSingle() ? first.address().toString() : first.address() + "-" + last.address();
        }

        String labels() {
            return isSingle() ? first.label() : first.label() + " .. " + last.label();
        }
    }

    private AddressRuns() {
    }

    static List<Run> of(List<Member> members) {
        List<Member> sorted = members.stream().sorted(Comparator.comparing(Member::address)).toList();
        List<Run> runs = new ArrayList<>();
        Member first = null;
        Member last = null;
        for (Member m : sorted) {
            if (last != null && m.address().bits() == last.address().bits() + 1) {
                last = m;
                continue;
            }
            if (first != null) {
                runs.add(new Run(first, last));
            }
            first = m;
            last = m;
        }
        if (first != null) {
            runs.add(new Run(first, last));
        }
        return runs;
    }
}
