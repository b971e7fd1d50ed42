package dev.fabric.firewall.ruleset;

import java.util.List;
import java.util.Optional;

/** One of Fabric's own tables. Sets come before chains in the rendering (chains refer to them). */
public record Table(Family family, String name, List<NftSet> sets, List<Chain> chains) {
    public Table {
        Nft.checkIdentifier(name);
        sets = List.copyOf(sets);
        chains = List.copyOf(chains);
    }

    /** {@code inet fabric}: how commands address this table. */
    public String address() {
        return family.keyword() + " " + name;
    }

    public Optional<NftSet> set(String setName) {
        return sets.stream().filter(s -> s.name().equals(setName)).findFirst();
    }

    public Optional<Chain> chain(String chainName) {
        return chains.stream().filter(c -> c.name().equals(chainName)).findFirst();
    }
}
