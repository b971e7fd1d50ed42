package dev.fabric.firewall.ruleset;

import java.util.List;

/** Everything Fabric puts into nftables on one host: its own tables, nothing else. */
public record Ruleset(List<Table> tables) {
    public Ruleset {
        tables = List.copyOf(tables);
    }

    /** Number of set and map elements, a size measure for logs and benchmarks. */
    public int elementCount() {
        return tables.stream().flatMap(t -> t.sets().stream()).mapToInt(s -> s.elements().size()).sum();
    }
}
