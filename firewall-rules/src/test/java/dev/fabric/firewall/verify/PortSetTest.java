package dev.fabric.firewall.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PortSetTest {

    @Test
    void parsesTheFullRange() {
        PortSet all = PortSet.parse("1-65535");
        assertThat(all.size()).isEqualTo(65535);
        assertThat(all.contains(1)).isTrue();
        assertThat(all.contains(65535)).isTrue();
        assertThat(all.contains(0)).isFalse();
    }

    @Test
    void parsesPortsAndRangesAndWritesThemBackCompactly() {
        PortSet set = PortSet.parse("8000-8100, 22,80 ,81,8050");
        assertThat(set.size()).isEqualTo(101 + 3);
        assertThat(set.toString()).isEqualTo("22,80-81,8000-8100");
        assertThat(PortSet.parse(set.toString())).isEqualTo(set);
    }

    @Test
    void singlePortRangeIsOnePort() {
        assertThat(PortSet.parse("443-443").toArray()).containsExactly(443);
    }

    @Test
    void minusLeavesThePortsOnlyInTheFirst() {
        assertThat(PortSet.parse("1-10").minus(PortSet.of(2, 3, 4, 10)).toString()).isEqualTo("1,5-9");
        assertThat(PortSet.empty().toString()).isEmpty();
    }

    @Test
    void rejectsWordsWithTheColumn() {
        assertThatThrownBy(() -> PortSet.parse("22,http"))
                .isInstanceOf(PortListException.class)
                .hasMessage("bad port list '22,http' at column 4: 'http' is not a port number; ports are 1-65535");
    }

    @Test
    void rejectsPortZeroAndTooBigPorts() {
        assertThatThrownBy(() -> PortSet.parse("0")).hasMessageContaining("port 0 is out of range");
        assertThatThrownBy(() -> PortSet.parse("80,65536")).hasMessageContaining("column 4: port 65536 is out of range");
        assertThatThrownBy(() -> PortSet.parse("99999999999999")).hasMessageContaining("out of range");
    }

    @Test
    void rejectsBackwardsRangesAndEmptyItems() {
        assertThatThrownBy(() -> PortSet.parse("100-10")).hasMessageContaining("runs backwards; write 10-100");
        assertThatThrownBy(() -> PortSet.parse("22,,80")).hasMessageContaining("column 4: empty item");
        assertThatThrownBy(() -> PortSet.parse("22-")).hasMessageContaining("'' is not a port number");
        assertThatThrownBy(() -> PortSet.parse("-5")).hasMessageContaining("column 1: '' is not a port number");
        assertThatThrownBy(() -> PortSet.parse("1-2-3")).hasMessageContaining("'2-3' is not a port number");
        assertThatThrownBy(() -> PortSet.parse(" ")).hasMessageContaining("the port list is empty");
    }
}
