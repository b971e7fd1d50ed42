package dev.fabric.controller.liveness;

import dev.fabric.controller.inventory.InventoryHost;
import dev.fabric.controller.inventory.Ipv4Subnet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeerGroupsTest {
    /** {@code n} hosts host-0..n-1 spread over {@code racks} racks round-robin. */
    static List<InventoryHost> hosts(int n, int racks) {
        return IntStream.range(0, n).mapToObj(i -> new InventoryHost("host-" + i, "10.214." + (i / 250) + "." + (i % 250 + 1),
                "rack-" + (i % racks), Ipv4Subnet.parse("10." + (100 + i / 250) + "." + (i % 250) + ".0/24"))).toList();
    }

    @Test
    void aSmallFabricIsOneGroup() {
        PeerGroups g = PeerGroups.of(hosts(3, 3));
        assertThat(g.neighbours("host-0")).containsExactly("host-1", "host-2");
        assertThat(g.neighbours("host-2")).containsExactly("host-0", "host-1");

        PeerGroups nine = PeerGroups.of(hosts(9, 3));
        assertThat(nine.neighbours("host-4")).hasSize(8).doesNotContain("host-4");
    }

    @Test
    void aLargeFabricGivesEveryHostEightNeighboursSymmetrically() {
        PeerGroups g = PeerGroups.of(hosts(10_000, 20));
        for (int i = 0; i < 10_000; i++) {
            String me = "host-" + i;
            List<String> mine = g.neighbours(me);
            assertThat(mine).hasSize(8).doesNotContain(me).doesNotHaveDuplicates();
            for (String other : mine) {
                assertThat(g.neighbours(other)).as("%s watches %s, so %s watches %s", me, other, other, me).contains(me);
            }
        }
    }

    @Test
    void noRackHoldsAMajorityOfAnyGroupWhenThreeRacksOfUnequalSizeEachHoldLessThanHalf() {
        assertNoRackHoldsAGroupMajority(30, 25, 25);
        assertNoRackHoldsAGroupMajority(14, 12, 11, 3);
        assertNoRackHoldsAGroupMajority(400, 300, 200, 100);
        assertNoRackHoldsAGroupMajority(9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 1);
    }

    /** Hosts in racks of the given sizes: a rack that fails whole must leave every group a heard majority. */
    static void assertNoRackHoldsAGroupMajority(int... sizes) {
        List<InventoryHost> hosts = new ArrayList<>();
        int n = 0;
        for (int rack = 0; rack < sizes.length; rack++) {
            for (int j = 0; j < sizes[rack]; j++, n++) {
                hosts.add(new InventoryHost("h" + n, "10.214." + (n / 250) + "." + (n % 250 + 1), "rack-" + rack,
                        Ipv4Subnet.parse("10." + (100 + n / 250) + "." + (n % 250) + ".0/24")));
            }
        }
        Map<String, String> rackOf = new HashMap<>();
        hosts.forEach(h -> rackOf.put(h.name(), h.faultDomain()));
        PeerGroups g = PeerGroups.of(hosts);
        for (InventoryHost h : hosts) {
            List<String> group = new ArrayList<>(g.neighbours(h.name()));
            group.add(h.name());
            Map<String, Integer> perRack = new HashMap<>();
            group.forEach(m -> perRack.merge(rackOf.get(m), 1, Integer::sum));
            assertThat(perRack.values()).as("group of %s: %s", h.name(), perRack).allMatch(c -> 2 * c < group.size());
        }
    }

    @Test
    void theFileOrderDoesNotMatter() {
        List<InventoryHost> shuffled = new ArrayList<>(hosts(500, 7));
        Collections.shuffle(shuffled, new Random(42));
        PeerGroups a = PeerGroups.of(hosts(500, 7));
        PeerGroups b = PeerGroups.of(shuffled);
        for (int i = 0; i < 500; i++) {
            assertThat(b.neighbours("host-" + i)).isEqualTo(a.neighbours("host-" + i));
        }
    }

    @Test
    void aDownHostMayMoveOnlyWhileTheControllerHearsAMajorityOfItsGroup() {
        PeerGroups g = PeerGroups.of(hosts(100, 5));
        String x = "host-17";
        List<String> mine = g.neighbours(x);
        Map<String, HostState> states = new HashMap<>();
        hosts(100, 5).forEach(h -> states.put(h.name(), HostState.UP));
        states.put(x, HostState.DOWN);
        assertThat(g.mayMove(x, states).open()).isTrue();
        assertThat(g.mayMove(x, states).heard()).isEqualTo(8);

        // Four of its eight neighbours silent: 4 of 9 heard is no majority, although 95 of 100 hosts are UP.
        mine.subList(0, 4).forEach(h -> states.put(h, HostState.SUSPECT));
        GroupDecision held = g.mayMove(x, states);
        assertThat(held.open()).isFalse();
        assertThat(held.reason()).contains("4 of 9", "host-17", "until it hears 5");

        states.put(mine.get(0), HostState.UP);
        assertThat(g.mayMove(x, states).open()).isTrue();
    }

    @Test
    void aThreeHostFabricMovesWhenTheOtherTwoAreHeard() {
        PeerGroups g = PeerGroups.of(hosts(3, 3));
        Map<String, HostState> states = new HashMap<>(Map.of("host-0", HostState.DOWN, "host-1", HostState.UP, "host-2", HostState.UP));
        assertThat(g.mayMove("host-0", states).open()).isTrue();
        states.put("host-2", HostState.SUSPECT);
        assertThat(g.mayMove("host-0", states).open()).isFalse();
    }

    @Test
    void rejectsAGroupWithoutNeighbours() {
        assertThatThrownBy(() -> PeerGroups.of(hosts(3, 1), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
